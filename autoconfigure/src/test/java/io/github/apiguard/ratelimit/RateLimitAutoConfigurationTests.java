package io.github.apiguard.ratelimit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.client.autoconfigure.ClientAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.ratelimit.autoconfigure.RateLimitAutoConfiguration;
import io.github.apiguard.ratelimit.store.FailoverRateLimiter;
import io.github.apiguard.ratelimit.store.InMemoryRateLimiter;
import io.github.apiguard.ratelimit.web.RateLimitInterceptor;
import io.github.apiguard.support.RedisServerSupport;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ErrorsAutoConfiguration.class, ClientAutoConfiguration.class,
					RateLimitAutoConfiguration.class));

	@Test
	void limitsInMemoryByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RateLimitInterceptor.class);
			assertThat(context).hasSingleBean(InMemoryRateLimiter.class);
			assertThat(context).hasSingleBean(RuleBasedTierResolver.class);
			assertThat(context).hasBean("apiguardRateLimitWebMvcConfigurer");
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnBeans() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).getBean(RateLimiter.class).isSameAs(context.getBean("userLimiter"));
			assertThat(context).getBean(RateLimitTierResolver.class).isSameAs(context.getBean("userTiers"));
			assertThat(context).doesNotHaveBean(InMemoryRateLimiter.class);
			assertThat(context).doesNotHaveBean(RuleBasedTierResolver.class);
		});
	}

	@Test
	void isDisabledByItsProperty() {
		this.runner.withPropertyValues("apiguard.rate-limit.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RateLimitInterceptor.class);
			assertThat(context).doesNotHaveBean(RateLimiter.class);
			assertThat(context).doesNotHaveBean("apiguardRateLimitWebMvcConfigurer");
		});
	}

	@Test
	void isDisabledWithApiguard() {
		this.runner.withPropertyValues("apiguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitInterceptor.class));
	}

	@Test
	void limitsInMemoryWithoutSpringDataRedis() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class, StringRedisTemplate.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(InMemoryRateLimiter.class);
			});
	}

	@Test
	void failsClearlyWhenRedisIsAskedForWithoutSpringDataRedis() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class, StringRedisTemplate.class))
			.withPropertyValues("apiguard.rate-limit.store=redis")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("needs spring-boot-starter-data-redis"));
	}

	@Test
	void limitsInRedisBehindABreakerWhenAskedTo() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("apiguard.rate-limit.store=redis",
					"spring.data.redis.port=" + RedisServerSupport.shared().port())
			.run((context) -> {
				assertThat(context).hasSingleBean(FailoverRateLimiter.class);
				assertThat(context).doesNotHaveBean(InMemoryRateLimiter.class);
			});
	}

	@Test
	void bindsPoliciesWithTiersQuotasAndErrors() {
		this.runner
			.withPropertyValues("apiguard.rate-limit.zone=Europe/Berlin", "apiguard.rate-limit.policies.api.paths=/api/**",
					"apiguard.rate-limit.policies.api.limits.[public_key][0].name=monthly",
					"apiguard.rate-limit.policies.api.limits.[public_key][0].limit=1000",
					"apiguard.rate-limit.policies.api.limits.[public_key][0].calendar=month",
					"apiguard.rate-limit.policies.api.limits.[public_key][0].status=402")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RateLimitPolicy policy = context.getBean(RateLimitInterceptor.class).policies().get("api");
				Limit monthly = policy.limitsFor("public_key", "default").get(0);
				assertThat(monthly.calendar()).isEqualTo(CalendarPeriod.MONTH);
				assertThat(monthly.zone()).hasToString("Europe/Berlin");
				assertThat(monthly.status()).isEqualTo(402);
				assertThat(policy.limitsFor("other", "default")).isEmpty();
			});
	}

	@Test
	void failsFastOnALimitWithBothAPeriodAndACalendar() {
		this.runner
			.withPropertyValues("apiguard.rate-limit.policies.api.limits.default[0].name=odd",
					"apiguard.rate-limit.policies.api.limits.default[0].name=per-minute",
					"apiguard.rate-limit.policies.api.limits.default[0].limit=10",
					"apiguard.rate-limit.policies.api.limits.default[0].period=1m",
					"apiguard.rate-limit.policies.api.limits.default[0].calendar=day")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("apiguard.rate-limit.policies.api.limits.default[0].period")
				.hasMessageContaining("exactly one of period (a rolling rate, e.g. 1m) and calendar"));
	}

	@Test
	void failsFastOnAnUnknownDetail() {
		this.runner.withPropertyValues("apiguard.rate-limit.details=limit,colour")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Unknown rate-limit detail 'colour'"));
	}

	@Test
	void failsAtStartupWhenAHandlerNamesAnUnknownPolicy() {
		this.runner
			.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
			.withPropertyValues("apiguard.rate-limit.policies.api.limits.default[0].name=per-minute",
					"apiguard.rate-limit.policies.api.limits.default[0].limit=10",
					"apiguard.rate-limit.policies.api.limits.default[0].period=1m")
			.withUserConfiguration(TypoController.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("names policy 'apl'")
				.hasMessageContaining("[api]"));
	}

	@RestController
	static class TypoController {

		@GetMapping("/typo")
		@RateLimited(policy = "apl")
		String typo() {
			return "never reached";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		RateLimiter userLimiter() {
			return (client, charges) -> Decision.unlimited();
		}

		@Bean
		RateLimitTierResolver userTiers() {
			return (request) -> "gold";
		}

	}

}
