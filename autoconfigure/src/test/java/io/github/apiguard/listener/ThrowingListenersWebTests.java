package io.github.apiguard.listener;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.NotFoundException;
import io.github.apiguard.errors.web.ApiErrorListener;
import io.github.apiguard.idempotency.IdempotencyHttp;
import io.github.apiguard.idempotency.IdempotencyListener;
import io.github.apiguard.ratelimit.RateLimitListener;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listeners are for metrics: one that throws must never change an answer, and must not flood the log.
 */
@SpringBootTest(classes = { TestApplication.class, ThrowingListenersWebTests.Config.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apiguard.idempotency.store=memory", "apiguard.rate-limit.policies.api.paths=/things/**",
				"apiguard.rate-limit.policies.api.limits.default[0].name=per-minute",
				"apiguard.rate-limit.policies.api.limits.default[0].limit=1000",
				"apiguard.rate-limit.policies.api.limits.default[0].period=1m" })
@ExtendWith(OutputCaptureExtension.class)
class ThrowingListenersWebTests {

	@LocalServerPort
	int port;

	@Test
	void throwingListenersChangeNoAnswerAndAreLoggedOnceEach(CapturedOutput output) {
		IdempotencyHttp http = new IdempotencyHttp(this.port);
		String key = UUID.randomUUID().toString();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> created = http.post("/things").key(key).json("{}").send();
			assertThat(created.statusCode()).isEqualTo(201);
			assertThat(created.headers().firstValue("Idempotent-Replayed").isPresent()).isEqualTo(i > 0);
			// A replay is answered before the rate limiter, so only the first response carries its headers.
			assertThat(created.headers().firstValue("X-RateLimit-Limit").isPresent()).isEqualTo(i == 0);
		}
		HttpResponse<String> missing = http.post("/things/missing").json("{}").send();
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("not_found");
		for (String listener : new String[] { "idempotency-listener", "rate-limit-listener", "error-listener" }) {
			assertThat(output.getOut().split(listener + " is broken", -1)).as(listener).hasSize(2);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		IdempotencyListener brokenIdempotencyListener() {
			return new IdempotencyListener() {

				@Override
				public void outcome(Outcome outcome) {
					throw new IllegalStateException("idempotency-listener is broken");
				}

				@Override
				public void storeCalled(String operation, Duration duration, boolean failed) {
					throw new IllegalStateException("idempotency-listener is broken");
				}

			};
		}

		@Bean
		RateLimitListener brokenRateLimitListener() {
			return new RateLimitListener() {

				@Override
				public void decided(String policy, String tier, Outcome outcome) {
					throw new IllegalStateException("rate-limit-listener is broken");
				}

				@Override
				public void limiterCalled(Duration duration, boolean failed) {
					throw new IllegalStateException("rate-limit-listener is broken");
				}

			};
		}

		@Bean
		ApiErrorListener brokenErrorListener() {
			return new ApiErrorListener() {

				@Override
				public void onError(ApiError error, HttpServletRequest request) {
					throw new IllegalStateException("error-listener is broken");
				}

			};
		}

		@Bean
		Things things() {
			return new Things();
		}

	}

	@RestController
	static class Things {

		@PostMapping("/things")
		ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body) {
			return ResponseEntity.status(201).body(Map.of("created", true));
		}

		@PostMapping("/things/missing")
		void missing() {
			throw new NotFoundException("No such thing.");
		}

	}

}
