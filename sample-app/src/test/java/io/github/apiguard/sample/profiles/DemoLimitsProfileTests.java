package io.github.apiguard.sample.profiles;

import java.net.http.HttpResponse;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;

import io.github.apiguard.sample.SampleApi;
import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code demo-limits} profile: both kinds of 429 of seed 000 within a few requests — the per-minute
 * limit of a public key, and the monthly quota with {@code details.limit} and {@code details.reset_at}.
 * Activated alone: seed 000's conventions are the sample's base, not a default profile that another
 * profile would switch off.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo-limits")
class DemoLimitsProfileTests {

	@LocalServerPort
	int port;

	@Test
	void aPublicKeyGetsThreeCallsAMinute() {
		SampleApi api = new SampleApi(this.port);
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> allowed = api.get("/v1/builds", SampleApi.PUBLIC);
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(allowed.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
			assertThat(allowed.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(2 - i));
		}
		HttpResponse<String> limited = api.get("/v1/builds", SampleApi.PUBLIC);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");
		assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
		assertThat(limited.body()).startsWith("{\"error\":\"rate_limit_exceeded\",\"message\":\"You have exceeded your "
				+ "per-minute API call limit.\",\"details\":{\"limit\":3,\"reset_at\":\"2026-03-15T12:");
	}

	@Test
	void theMonthlyQuotaAnswersSeed000sExample() {
		SampleApi api = new SampleApi(this.port);
		for (int i = 0; i < 10; i++) {
			assertThat(api.get("/v1/builds", SampleApi.SECOND).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> limited = api.get("/v1/builds", SampleApi.SECOND);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.body()).isEqualTo("{\"error\":\"rate_limit_exceeded\",\"message\":\"You have exceeded your "
				+ "monthly API call limit.\",\"details\":{\"limit\":10,\"reset_at\":\"2026-04-01T00:00:00Z\"}}");
		assertThat(limited.headers().firstValue("X-RateLimit-Reset")).hasValue("1775001600");
		// Another client's quota is its own.
		assertThat(api.get("/v1/builds", SampleApi.READONLY).statusCode()).isEqualTo(200);
	}

	@Test
	void replaysConsumeNoQuota() {
		SampleApi api = new SampleApi(this.port);
		HttpResponse<String> created = api.postWithKey("/v1/builds", SampleApi.ADMIN, "replay-free", "{\"name\": \"r\"}");
		assertThat(created.headers().firstValue("X-RateLimit-Remaining")).hasValue("9");
		for (int i = 0; i < 15; i++) {
			HttpResponse<String> replay = api.postWithKey("/v1/builds", SampleApi.ADMIN, "replay-free", "{\"name\": \"r\"}");
			assertThat(replay.statusCode()).isEqualTo(201);
			assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		}
		// Fifteen replays later the monthly quota of 10 still has 8 calls left after this one.
		assertThat(api.get("/v1/builds", SampleApi.ADMIN).headers().firstValue("X-RateLimit-Remaining")).hasValue("8");
	}

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock(Instant.parse("2026-03-15T12:00:00Z"));
		}

	}

}
