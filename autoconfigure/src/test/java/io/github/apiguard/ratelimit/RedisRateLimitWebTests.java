package io.github.apiguard.ratelimit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.ratelimit.store.AbstractRateLimiterTests;
import io.github.apiguard.ratelimit.store.FailoverRateLimiter;
import io.github.apiguard.support.MutableClock;
import io.github.apiguard.support.RedisServerSupport;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole applications on real ports with the Redis backend: two of them share one limit exactly, and an
 * outage answered 503 heals itself when Redis returns.
 */
class RedisRateLimitWebTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		RedisServerSupport.shared().start();
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	private ConfigurableApplicationContext start(Class<?> config, String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class, Endpoints.class,
				config)
			.properties("server.port=0", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + RedisServerSupport.shared().port(), "spring.data.redis.timeout=1s",
					"apiguard.rate-limit.store=redis", "apiguard.rate-limit.policies.api.paths=/api/**",
					"apiguard.rate-limit.policies.api.limits.default[0].name=per-hour",
					"apiguard.rate-limit.policies.api.limits.default[0].limit=20",
					"apiguard.rate-limit.policies.api.limits.default[0].period=1h")
			.properties(properties)
			.run();
		this.contexts.add(context);
		return context;
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, String apiKey) throws Exception {
		String port = context.getEnvironment().getProperty("local.server.port");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ping"))
			.header("X-API-Key", apiKey)
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void twoApplicationsSharingOneRedisAdmitExactlyTheLimitOfTenTimesAsManyConcurrentRequests() throws Exception {
		LettuceConnectionFactory factory = RedisTestSupport.connectionFactory();
		RedisTestSupport.flush(factory);
		factory.destroy();
		// Exact counts: a Redis timeout only an outage reaches, never a busy machine (the breaker would open).
		ConfigurableApplicationContext first = start(NoConfig.class, "spring.data.redis.timeout=30s");
		ConfigurableApplicationContext second = start(NoConfig.class, "spring.data.redis.timeout=30s");
		List<ConfigurableApplicationContext> nodes = List.of(first, second);
		AtomicInteger next = new AtomicInteger();
		long admitted = AbstractRateLimiterTests.concurrentlyAdmitted(200, () -> {
			ConfigurableApplicationContext node = nodes.get(next.getAndIncrement() % 2);
			int status = get(node, "sk_shared").statusCode();
			assertThat(status).isIn(200, 429);
			return status == 200;
		});
		assertThat(admitted).isEqualTo(20);
	}

	@Test
	void denyAnswers503InTheEnvelopeDuringAnOutageAndRecoversWhenRedisReturns() throws Exception {
		ConfigurableApplicationContext context = start(ClockConfig.class, "apiguard.rate-limit.outage.policy=deny",
				"apiguard.rate-limit.redis.time=application", "apiguard.rate-limit.outage.open-duration=5s");
		MutableClock clock = context.getBean(MutableClock.class);
		assertThat(get(context, "sk_outage").statusCode()).isEqualTo(200);
		RedisServerSupport.shared().stop();
		HttpResponse<String> unavailable = get(context, "sk_outage");
		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(unavailable.body()).contains("\"code\":\"service_unavailable\"");
		assertThat(unavailable.headers().firstValue("Retry-After")).as("apiguard.rate-limit.outage.retry-after")
			.hasValue("2");
		assertThat(unavailable.headers().firstValue("X-RateLimit-Limit")).isEmpty();
		// The breaker is open: the next request is decided by the outage policy without asking Redis, so an
		// outage does not add a Redis timeout to every request.
		FailoverRateLimiter limiter = context.getBean(FailoverRateLimiter.class);
		assertThat(limiter.isOpen()).isTrue();
		long decided = limiter.outageDecisions();
		assertThat(get(context, "sk_outage").statusCode()).isEqualTo(503);
		assertThat(limiter.isOpen()).isTrue();
		assertThat(limiter.outageDecisions()).isEqualTo(decided + 1);
		RedisServerSupport.shared().start();
		await().atMost(Duration.ofSeconds(120)).until(() -> {
			clock.advance(Duration.ofSeconds(5));
			return get(context, "sk_outage").statusCode() == 200;
		});
		assertThat(get(context, "sk_outage").headers().firstValue("X-RateLimit-Limit")).hasValue("20");
	}

	@Test
	void oneClientsBadStateNeitherFailsThatClientNorOpensTheBreakerForOthers() throws Exception {
		flushRedis();
		// A generous timeout: only a real outage may answer with the outage policy here.
		ConfigurableApplicationContext context = start(NoConfig.class, "apiguard.rate-limit.outage.policy=deny",
				"spring.data.redis.timeout=30s");
		assertThat(get(context, "sk_damaged").headers().firstValue("X-RateLimit-Remaining")).hasValue("19");
		// The client's per-hour key now holds a hash, as if a calendar quota of that name had written it.
		StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
		Set<String> keys = redis.keys("apiguard:rl:{*}:api:per-hour*");
		assertThat(keys).hasSize(1);
		String key = keys.iterator().next();
		redis.delete(key);
		redis.opsForHash().put(key, "u", "3");
		HttpResponse<String> damaged = get(context, "sk_damaged");
		assertThat(damaged.statusCode()).isEqualTo(200);
		assertThat(damaged.headers().firstValue("X-RateLimit-Remaining")).hasValue("19");
		HttpResponse<String> other = get(context, "sk_other");
		assertThat(other.statusCode()).isEqualTo(200);
		assertThat(other.headers().firstValue("X-RateLimit-Remaining")).hasValue("19");
		FailoverRateLimiter limiter = context.getBean(FailoverRateLimiter.class);
		assertThat(limiter.isOpen()).isFalse();
		assertThat(limiter.outageDecisions()).isZero();
	}

	@Test
	void aRateThatBecomesACalendarQuotaOfTheSameNameNeedsNoFlush() throws Exception {
		flushRedis();
		ConfigurableApplicationContext rate = start(NoConfig.class, "apiguard.rate-limit.outage.policy=deny",
				"spring.data.redis.timeout=30s");
		assertThat(get(rate, "sk_plan").statusCode()).isEqualTo(200);
		rate.close();
		// The next deployment turns per-hour into a daily quota; Redis keeps the old rate's state.
		ConfigurableApplicationContext quota = start(NoConfig.class, "apiguard.rate-limit.outage.policy=deny",
				"spring.data.redis.timeout=30s", "apiguard.rate-limit.policies.api.limits.default[0].period=",
				"apiguard.rate-limit.policies.api.limits.default[0].limit=5",
				"apiguard.rate-limit.policies.api.limits.default[0].calendar=day");
		HttpResponse<String> first = get(quota, "sk_plan");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("5");
		assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("4");
		assertThat(get(quota, "sk_plan").headers().firstValue("X-RateLimit-Remaining")).hasValue("3");
		assertThat(quota.getBean(FailoverRateLimiter.class).outageDecisions()).isZero();
	}

	private static void flushRedis() {
		LettuceConnectionFactory factory = RedisTestSupport.connectionFactory();
		RedisTestSupport.flush(factory);
		factory.destroy();
	}

	@RestController
	static class Endpoints {

		@GetMapping("/api/ping")
		String ping() {
			return "pong";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoConfig {

	}

	@Configuration(proxyBeanMethods = false)
	static class ClockConfig {

		@Bean
		MutableClock clock() {
			return MutableClock.at("2026-03-15T10:00:00Z");
		}

	}

}
