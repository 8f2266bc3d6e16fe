package io.github.apiguard.ratelimit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code apiguard.rate-limit.headers.rejections-only}, admitted responses go out without the rate-limit
 * headers (sparing every request their formatting) while a rejection still carries them all.
 */
@SpringBootTest(classes = { TestApplication.class, RateLimitHeadersOnRejectionsTests.Endpoints.class },
		properties = { "apiguard.rate-limit.headers.rejections-only=true", "apiguard.rate-limit.headers.ietf=true",
				"apiguard.rate-limit.policies.api.paths=/quiet/**",
				"apiguard.rate-limit.policies.api.limits.default[0].name=per-hour",
				"apiguard.rate-limit.policies.api.limits.default[0].limit=2",
				"apiguard.rate-limit.policies.api.limits.default[0].period=1h" })
@AutoConfigureMockMvc
class RateLimitHeadersOnRejectionsTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void admittedResponsesCarryNoRateLimitHeadersAndTheRejectionCarriesThemAll() {
		for (int i = 0; i < 2; i++) {
			MvcTestResult admitted = this.mvc.get().uri("/quiet/ping").header("X-API-Key", "sk_quiet").exchange();
			assertThat(admitted).hasStatusOk();
			assertThat(admitted).headers()
				.doesNotContainHeader("X-RateLimit-Limit")
				.doesNotContainHeader("X-RateLimit-Remaining")
				.doesNotContainHeader("RateLimit")
				.doesNotContainHeader("RateLimit-Policy");
		}
		MvcTestResult rejected = this.mvc.get().uri("/quiet/ping").header("X-API-Key", "sk_quiet").exchange();
		assertThat(rejected).hasStatus(429);
		assertThat(rejected).headers()
			.hasValue("X-RateLimit-Limit", "2")
			.hasValue("X-RateLimit-Remaining", "0")
			.containsHeaders("X-RateLimit-Reset", "Retry-After", "RateLimit", "RateLimit-Policy");
	}

	@RestController
	static class Endpoints {

		@GetMapping("/quiet/ping")
		String ping() {
			return "{}";
		}

	}

}
