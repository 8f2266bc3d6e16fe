package io.github.apiguard.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.ServerHttpObservationFilter;

import io.github.apiguard.client.autoconfigure.ClientAutoConfiguration;
import io.github.apiguard.errors.NotFoundException;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.apiguard.metrics.autoconfigure.MetricsAutoConfiguration;
import io.github.apiguard.ratelimit.store.FailoverRateLimiter;
import io.github.apiguard.store.OutagePolicy;
import io.github.apiguard.ratelimit.RateLimiterUnavailableException;
import io.github.apiguard.ratelimit.autoconfigure.RateLimitAutoConfiguration;
import io.github.apiguard.requestid.autoconfigure.RequestIdAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, RequestIdAutoConfiguration.class,
				ClientAutoConfiguration.class, IdempotencyAutoConfiguration.class, RateLimitAutoConfiguration.class,
				MetricsAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class))
		.withUserConfiguration(MeteredController.class)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("apiguard.rate-limit.policies.api.paths=/limited/**",
				"apiguard.rate-limit.policies.api.limits.default[0].name=per-minute",
				"apiguard.rate-limit.policies.api.limits.default[0].limit=1",
				"apiguard.rate-limit.policies.api.limits.default[0].period=1m");

	@Test
	void countsErrorsByCodeAndStatus() {
		this.runner.run((context) -> {
			MockMvcTester mvc = mvc(context);
			mvc.get().uri("/missing").exchange();
			mvc.get().uri("/missing").exchange();
			mvc.get().uri("/broken").exchange();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("apiguard.errors").tag("code", "not_found").tag("status", "404").counter().count())
				.isEqualTo(2);
			assertThat(registry.get("apiguard.errors").tag("code", "internal_error").tag("status", "500").counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void countsRateLimitDecisionsByPolicyTierAndOutcomeAndTimesTheLimiter() {
		this.runner.run((context) -> {
			MockMvcTester mvc = mvc(context);
			assertThat(mvc.get().uri("/limited").exchange()).hasStatusOk();
			assertThat(mvc.get().uri("/limited").exchange()).hasStatus(429);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("apiguard.rate-limit.decisions").tags("policy", "api", "tier", "default")
				.tag("outcome", "allowed").counter().count()).isEqualTo(1);
			assertThat(registry.get("apiguard.rate-limit.decisions").tag("outcome", "rejected").counter().count())
				.isEqualTo(1);
			Timer limiter = registry.get("apiguard.store.operations").tags("feature", "rate-limit", "store", "memory",
					"operation", "acquire", "outcome", "success").timer();
			assertThat(limiter.count()).isEqualTo(2);
		});
	}

	@Test
	void countsIdempotencyOutcomesAndTimesTheStore() {
		this.runner.run((context) -> {
			MockMvcTester mvc = mvc(context);
			assertThat(post(mvc, "key-1", "{\"name\":\"a\"}")).hasStatusOk();
			assertThat(post(mvc, "key-1", "{\"name\":\"a\"}")).hasStatusOk()
				.headers()
				.hasValue("Idempotent-Replayed", "true");
			assertThat(post(mvc, "key-1", "{\"name\":\"b\"}")).hasStatus(409);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(outcome(registry, "new")).isEqualTo(1);
			assertThat(outcome(registry, "completed")).isEqualTo(1);
			assertThat(outcome(registry, "replayed")).isEqualTo(1);
			assertThat(outcome(registry, "mismatch")).isEqualTo(1);
			assertThat(registry.get("apiguard.store.operations").tags("feature", "idempotency", "store", "memory",
					"operation", "claim").timer().count()).isEqualTo(3);
			assertThat(registry.get("apiguard.store.operations").tags("operation", "complete").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void tagsNeverCarryAClientKeyAPathOrAnIdempotencyKey() {
		this.runner.run((context) -> {
			MockMvcTester mvc = mvc(context);
			post(mvc, "secret-key-42", "{}");
			mvc.get().uri("/limited").header("X-API-Key", "sk_live_secret").exchange();
			mvc.get().uri("/missing").exchange();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.getMeters()).isNotEmpty()
				.allSatisfy((meter) -> assertThat(meter.getId().getTags()).allSatisfy((tag) -> assertThat(tag.getValue())
					.doesNotContain("secret", "sk_live", "/", "127.0.0.1")));
		});
	}

	@Test
	void countsOutageDecisionsByOutagePolicy() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		FailoverRateLimiter limiter = new FailoverRateLimiter((client, charges) -> {
			throw new RateLimiterUnavailableException("Redis is down", null);
		}, OutagePolicy.ALLOW, null, 1, Duration.ofMinutes(1), Clock.systemUTC(),
				new RateLimitMetrics(registry, () -> "redis"));
		limiter.tryAcquire("client", List.of());
		limiter.tryAcquire("client", List.of());
		assertThat(registry.get("apiguard.rate-limit.outage.decisions").tag("policy", "allow").counter().count())
			.isEqualTo(2);
		assertThat(limiter.outageDecisions()).isEqualTo(2);
	}

	@Test
	void marksTheObservationOfAHandled5xxButNotOfA4xx() {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler((context) -> true);
		this.runner.run((context) -> {
			MockMvcTester mvc = MockMvcTester.from(context,
					(builder) -> builder.addFilters(new ServerHttpObservationFilter(observations)).build());
			MvcTestResult broken = mvc.get().uri("/broken").exchange();
			assertThat(observationContext(broken).getError()).isInstanceOf(IllegalStateException.class);
			MvcTestResult missing = mvc.get().uri("/missing").exchange();
			assertThat(observationContext(missing).getError()).isNull();
		});
	}

	@Test
	void withoutAMeterRegistryOnlyMarksObservations() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, MetricsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ErrorMetrics.class);
				assertThat(context).doesNotHaveBean(IdempotencyMetrics.class);
				assertThat(context).doesNotHaveBean(RateLimitMetrics.class);
				assertThat(context).hasSingleBean(ObservationErrorMarker.class);
			});
	}

	@Test
	void withoutMicrometerBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class, Observation.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ErrorMetrics.class);
			assertThat(context).doesNotHaveBean(ObservationErrorMarker.class);
		});
	}

	@Test
	void isSwitchedOffByProperty() {
		this.runner.withPropertyValues("apiguard.metrics.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ErrorMetrics.class);
			assertThat(context).doesNotHaveBean(ObservationErrorMarker.class);
		});
		this.runner.withPropertyValues("apiguard.metrics.mark-handled-errors=false").run((context) -> {
			assertThat(context).hasSingleBean(ErrorMetrics.class);
			assertThat(context).doesNotHaveBean(ObservationErrorMarker.class);
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnListener() {
		this.runner.withBean("userErrorMetrics", ErrorMetrics.class, () -> new ErrorMetrics(new SimpleMeterRegistry()))
			.run((context) -> assertThat(context).getBean(ErrorMetrics.class)
				.isSameAs(context.getBean("userErrorMetrics")));
	}

	private static double outcome(MeterRegistry registry, String outcome) {
		return registry.get("apiguard.idempotency.outcomes").tag("outcome", outcome).counter().count();
	}

	private static MvcTestResult post(MockMvcTester mvc, String key, String body) {
		return mvc.post().uri("/items").header("Idempotency-Key", key).contentType("application/json").content(body)
			.exchange();
	}

	private static ServerRequestObservationContext observationContext(MvcTestResult result) {
		return (ServerRequestObservationContext) result.getRequest()
			.getAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE);
	}

	private static MockMvcTester mvc(AssertableWebApplicationContext context) {
		Filter[] filters = context.getBeansOfType(FilterRegistrationBean.class)
			.values()
			.stream()
			.sorted(Comparator.comparingInt(FilterRegistrationBean::getOrder))
			.map(FilterRegistrationBean::getFilter)
			.toArray(Filter[]::new);
		return MockMvcTester.from(context, (builder) -> builder.addFilters(filters).build());
	}

	@RestController
	static class MeteredController {

		@GetMapping("/missing")
		String missing() {
			throw new NotFoundException("Nothing here.");
		}

		@GetMapping("/broken")
		String broken() {
			throw new IllegalStateException("database password=hunter2");
		}

		@GetMapping("/limited")
		String limited() {
			return "ok";
		}

		@PostMapping("/items")
		String create(@RequestBody String body) {
			return "{\"created\":true}";
		}

	}

}
