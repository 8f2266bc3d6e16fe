package io.github.apiguard.ratelimit;

import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.github.apiguard.support.TestApplication;
import io.github.apiguard.support.MutableClock;

import static io.github.apiguard.support.Json.compact;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits through the whole stack (Spring Security, MVC, the interceptor, the error envelope) with the
 * in-memory backend and a clock the tests move.
 */
@SpringBootTest(classes = { TestApplication.class, RateLimitWebTests.Endpoints.class, RateLimitWebTests.Config.class },
		properties = { "apiguard.rate-limit.tiers[0].name=public_key", "apiguard.rate-limit.tiers[0].api-key-prefixes=pk_",
				"apiguard.rate-limit.tiers[1].name=secret_key",
				"apiguard.rate-limit.tiers[1].api-key-prefixes=sk_,pt_", "apiguard.rate-limit.tiers[2].name=admin",
				"apiguard.rate-limit.tiers[2].authorities=ROLE_ADMIN",
				"apiguard.rate-limit.policies.api.paths=/api/**,/secured/**",
				"apiguard.rate-limit.policies.api.limits.default[0].name=per-minute",
				"apiguard.rate-limit.policies.api.limits.default[0].limit=5",
				"apiguard.rate-limit.policies.api.limits.default[0].period=1m",
				"apiguard.rate-limit.policies.api.limits.default[1].name=monthly",
				"apiguard.rate-limit.policies.api.limits.default[1].limit=1000",
				"apiguard.rate-limit.policies.api.limits.default[1].calendar=month",
				"apiguard.rate-limit.policies.api.limits.[public_key][0].name=per-minute",
				"apiguard.rate-limit.policies.api.limits.[public_key][0].limit=2",
				"apiguard.rate-limit.policies.api.limits.[public_key][0].period=1m",
				"apiguard.rate-limit.policies.api.limits.admin[0].name=per-minute",
				"apiguard.rate-limit.policies.api.limits.admin[0].limit=100",
				"apiguard.rate-limit.policies.api.limits.admin[0].period=1m",
				"apiguard.rate-limit.policies.renders.limits.default[0].name=renders",
				"apiguard.rate-limit.policies.renders.limits.default[0].limit=10",
				"apiguard.rate-limit.policies.renders.limits.default[0].calendar=month",
				"apiguard.rate-limit.policies.renders.limits.default[0].code=quota_exceeded",
				"apiguard.rate-limit.policies.renders.limits.default[0].status=402",
				"apiguard.rate-limit.policies.renders.limits.default[0].message=Org has exhausted its render quota for the current billing period." })
@AutoConfigureMockMvc
class RateLimitWebTests {

	static final Instant START = Instant.parse("2026-03-15T10:00:00Z");

	@Autowired
	MockMvcTester mvc;

	@Autowired
	MutableClock clock;

	private MvcTestResult get(String uri, String apiKey) {
		return this.mvc.get().uri(uri).header("X-API-Key", apiKey).exchange();
	}

	@Test
	void everyLimitedResponseCarriesTheHeadersOfTheMostRestrictiveLimit() {
		MvcTestResult result = get("/api/ping", "sk_headers");
		assertThat(result).hasStatusOk();
		// Of per-minute (4 left) and monthly (999 left), per-minute is the tighter; it is whole again in 12 s.
		assertThat(result).headers()
			.hasValue("X-RateLimit-Limit", "5")
			.hasValue("X-RateLimit-Remaining", "4")
			.hasValue("X-RateLimit-Reset", Long.toString(START.getEpochSecond() + 12))
			.doesNotContainHeader(HttpHeaders.RETRY_AFTER);
	}

	@Test
	void anUnlimitedPathCarriesNoHeaders() {
		MvcTestResult result = get("/open", "sk_open");
		assertThat(result).hasStatusOk();
		assertThat(result).headers().doesNotContainHeader("X-RateLimit-Limit");
	}

	@Test
	void theRequestBeyondTheLimitIsA429InTheEnvelopeWithRetryAfter() {
		for (int i = 0; i < 5; i++) {
			assertThat(get("/api/ping", "sk_exceed")).hasStatusOk();
		}
		MvcTestResult result = get("/api/ping", "sk_exceed");
		assertThat(result).hasStatus(429);
		assertThat(result).bodyText().isEqualTo(compact("""
				{"error": {"code": "rate_limit_exceeded", "message": "Too many requests. Retry later.",
				 "details": {"limit": 5, "remaining": 0, "reset_at": "2026-03-15T10:01:00Z", "policy": "api",
				             "tier": "secret_key"}}}"""));
		assertThat(result).headers()
			.hasValue(HttpHeaders.RETRY_AFTER, "12")
			.hasValue("X-RateLimit-Remaining", "0")
			.hasValue("X-RateLimit-Reset", Long.toString(START.getEpochSecond() + 60));
	}

	@Test
	void anApiKeyPrefixSelectsItsTiersLimits() {
		assertThat(get("/api/ping", "pk_tier")).headers().hasValue("X-RateLimit-Limit", "2");
		assertThat(get("/api/ping", "pk_tier")).hasStatusOk();
		MvcTestResult rejected = get("/api/ping", "pk_tier");
		assertThat(rejected).hasStatus(429);
		assertThat(rejected).bodyJson().extractingPath("$.error.details.tier").isEqualTo("public_key");
	}

	@Test
	void aPrincipalAuthoritySelectsItsTiersLimits() {
		MvcTestResult admin = this.mvc.get()
			.uri("/secured/ping")
			.header(HttpHeaders.AUTHORIZATION, "Basic YWRtaW46cGFzc3dvcmQ=")
			.exchange();
		assertThat(admin).hasStatusOk();
		assertThat(admin).headers().hasValue("X-RateLimit-Limit", "100");
		MvcTestResult user = this.mvc.get()
			.uri("/secured/ping")
			.header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNzd29yZA==")
			.exchange();
		assertThat(user).headers().hasValue("X-RateLimit-Limit", "5");
	}

	@Test
	void anAnnotatedEndpointChargesItsPolicyWithItsCostAndAnswersItsOwnCode() {
		assertThat(this.mvc.post().uri("/api/renders").header("X-API-Key", "sk_renders").exchange()).hasStatusOk();
		assertThat(this.mvc.post().uri("/api/renders").header("X-API-Key", "sk_renders").exchange()).hasStatusOk();
		MvcTestResult rejected = this.mvc.post().uri("/api/renders").header("X-API-Key", "sk_renders").exchange();
		assertThat(rejected).hasStatus(402);
		assertThat(rejected).bodyText().isEqualTo(compact("""
				{"error": {"code": "quota_exceeded",
				 "message": "Org has exhausted its render quota for the current billing period.",
				 "details": {"limit": 10, "remaining": 0, "reset_at": "2026-04-01T00:00:00Z", "policy": "renders",
				             "tier": "secret_key"}}}"""));
		// A billing quota is not a "retry later": no Retry-After.
		assertThat(rejected).headers().doesNotContainHeader(HttpHeaders.RETRY_AFTER);
		// The rejected render consumed nothing of the path policy either: 2 of its 5 per-minute units are used.
		assertThat(get("/api/ping", "sk_renders")).headers().hasValue("X-RateLimit-Remaining", "2");
	}

	@Test
	void anIdempotentReplayConsumesNoQuota() {
		for (int i = 0; i < 10; i++) {
			MvcTestResult replay = this.mvc.get()
				.uri("/api/ping")
				.header("X-API-Key", "sk_replay")
				.header("X-Test-Replay", "true")
				.exchange();
			assertThat(replay).hasStatusOk();
			assertThat(replay).bodyText().isEqualTo("replayed");
		}
		assertThat(get("/api/ping", "sk_replay")).headers().hasValue("X-RateLimit-Remaining", "4");
	}

	@Test
	void aSpoofedForwardedForFromAnUntrustedPeerDoesNotEscapeTheLimit() {
		for (int i = 0; i < 6; i++) {
			String spoofed = "198.51.100." + i;
			MvcTestResult result = this.mvc.get()
				.uri("/api/ping")
				.with((request) -> {
					request.setRemoteAddr("203.0.113.7");
					return request;
				})
				.header("X-Forwarded-For", spoofed)
				.header("Forwarded", "for=" + spoofed)
				.exchange();
			assertThat(result).hasStatus((i < 5) ? 200 : 429);
		}
	}

	@Test
	void timeRestoresTheAllowance() {
		for (int i = 0; i < 5; i++) {
			get("/api/ping", "sk_time");
		}
		assertThat(get("/api/ping", "sk_time")).hasStatus(429);
		this.clock.advance(Duration.ofSeconds(12));
		assertThat(get("/api/ping", "sk_time")).hasStatusOk();
	}

	@RestController
	static class Endpoints {

		@GetMapping({ "/api/ping", "/secured/ping", "/open" })
		String ping() {
			return "pong";
		}

		@RateLimited(policy = "renders", cost = 5)
		@PostMapping("/api/renders")
		String render() {
			return "rendered";
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		MutableClock clock() {
			return new MutableClock(START);
		}

		/**
		 * Stands in for the idempotency interceptor (order 100): it answers a replay itself, so the rate
		 * limit interceptor (order 200) never runs for it.
		 */
		@Bean
		WebMvcConfigurer replayingInterceptor() {
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(new HandlerInterceptor() {

						@Override
						public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
								Object handler) throws Exception {
							if (request.getHeader("X-Test-Replay") == null) {
								return true;
							}
							response.getWriter().write("replayed");
							return false;
						}

					}).order(100);
				}

			};
		}

	}

}
