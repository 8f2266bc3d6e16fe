package io.github.apiguard.ratelimit;

import java.time.Instant;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.support.TestApplication;
import io.github.apiguard.support.MutableClock;

import static io.github.apiguard.support.Json.compact;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeds' rate-limit examples, produced by real limits and configuration alone (the seed tests under
 * {@code io.github.apiguard.seeds} throw the same bodies by hand).
 */
class RateLimitSeedTests {

	@RestController
	static class Endpoints {

		@GetMapping("/builds")
		String builds() {
			return "[]";
		}

	}

	/**
	 * Seed 000: a monthly limit answered 429 {@code rate_limit_exceeded} in the flat envelope, details
	 * {@code limit} and {@code reset_at} (the first of the next month) and {@code X-RateLimit-Reset}.
	 */
	@Nested
	@SpringBootTest(classes = { TestApplication.class, Endpoints.class, Seed000.Config.class },
			properties = { "apiguard.errors.envelope.shape=flat", "apiguard.rate-limit.details=limit,reset_at",
					"apiguard.rate-limit.policies.api.paths=/**",
					"apiguard.rate-limit.policies.api.limits.default[0].name=per-minute",
					"apiguard.rate-limit.policies.api.limits.default[0].limit=10000",
					"apiguard.rate-limit.policies.api.limits.default[0].period=1m",
					"apiguard.rate-limit.policies.api.limits.default[1].name=monthly",
					"apiguard.rate-limit.policies.api.limits.default[1].limit=1000",
					"apiguard.rate-limit.policies.api.limits.default[1].calendar=month",
					"apiguard.rate-limit.policies.api.limits.default[1].code=rate_limit_exceeded",
					"apiguard.rate-limit.policies.api.limits.default[1].message=You have exceeded your monthly API call limit." })
	@AutoConfigureMockMvc
	class Seed000 {

		@Autowired
		MockMvcTester mvc;

		@Test
		void theMonthlyLimitExample() {
			for (int i = 0; i < 1000; i++) {
				assertThat(this.mvc.get().uri("/builds").header("Authorization", "Bearer pt_live_seed000").exchange())
					.hasStatusOk();
			}
			MvcTestResult result = this.mvc.get()
				.uri("/builds")
				.header("Authorization", "Bearer pt_live_seed000")
				.exchange();
			assertThat(result).hasStatus(429);
			assertThat(result).hasContentType(MediaType.APPLICATION_JSON);
			assertThat(result).bodyText().isEqualTo(compact("""
					{"error": "rate_limit_exceeded", "message": "You have exceeded your monthly API call limit.",
					 "details": {"limit": 1000, "reset_at": "2026-04-01T00:00:00Z"}}"""));
			assertThat(result).headers()
				.hasValue("X-RateLimit-Limit", "1000")
				.hasValue("X-RateLimit-Remaining", "0")
				.hasValue("X-RateLimit-Reset", "1775001600");
		}

		@TestConfiguration(proxyBeanMethods = false)
		static class Config {

			@Bean
			MutableClock clock() {
				return MutableClock.at("2026-03-20T08:30:00Z");
			}

		}

	}

	/**
	 * Seed 003: the wrapped envelope's 429 with {@code tier} inside the error object, and
	 * {@code X-RateLimit-Limit: 100}, {@code -Remaining: 0}, {@code -Reset: 1707480000}, {@code Retry-After: 60}
	 * from 100 requests per 100 minutes (one unit back per minute).
	 */
	@Nested
	@SpringBootTest(classes = { TestApplication.class, Endpoints.class, Seed003.Config.class },
			properties = { "apiguard.errors.envelope.shape=wrapped", "apiguard.errors.code-style=upper-snake-case",
					"apiguard.errors.envelope.promoted-details=tier", "apiguard.errors.codes.rate-limit-exceeded.title=",
					"apiguard.rate-limit.details=tier", "apiguard.rate-limit.tiers[0].name=public_key",
					"apiguard.rate-limit.tiers[0].api-key-prefixes=pk_", "apiguard.rate-limit.policies.api.paths=/**",
					"apiguard.rate-limit.policies.api.limits.[public_key][0].name=per-minute",
					"apiguard.rate-limit.policies.api.limits.[public_key][0].limit=100",
					"apiguard.rate-limit.policies.api.limits.[public_key][0].period=100m",
					"apiguard.rate-limit.policies.api.limits.[public_key][0].message=Rate limit exceeded. Retry after {retry_after} seconds." })
	@AutoConfigureMockMvc
	class Seed003 {

		@Autowired
		MockMvcTester mvc;

		@Test
		void theRateLimitExampleWithTierAndHeaders() {
			for (int i = 0; i < 100; i++) {
				assertThat(this.mvc.get().uri("/builds").header("X-API-Key", "pk_seed003").exchange()).hasStatusOk();
			}
			MvcTestResult result = this.mvc.get().uri("/builds").header("X-API-Key", "pk_seed003").exchange();
			assertThat(result).hasStatus(429);
			assertThat(result).bodyText().isEqualTo(compact("""
					{"code": 429, "status": "error",
					 "error": {"code": "RATE_LIMIT_EXCEEDED", "message": "Rate limit exceeded. Retry after 60 seconds.",
					           "tier": "public_key"}}"""));
			assertThat(result).headers()
				.hasValue("X-RateLimit-Limit", "100")
				.hasValue("X-RateLimit-Remaining", "0")
				.hasValue("X-RateLimit-Reset", "1707480000")
				.hasValue("Retry-After", "60");
		}

		@TestConfiguration(proxyBeanMethods = false)
		static class Config {

			@Bean
			MutableClock clock() {
				// 100 minutes before the example's reset.
				return new MutableClock(Instant.ofEpochSecond(1707480000L - 6000));
			}

		}

	}

}
