package io.github.apiguard.ratelimit;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

import io.github.apiguard.ratelimit.StructuredFieldLists.Item;
import io.github.apiguard.support.MutableClock;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code problem} shape answers limit rejections with the problem type the RateLimit draft registers at
 * IANA, naming the violated policies as the {@code RateLimit-Policy} header does; other codes keep the
 * configured problem-type base.
 */
@SpringBootTest(classes = { TestApplication.class, RateLimitProblemWebTests.Endpoints.class,
		RateLimitProblemWebTests.Config.class },
		properties = { "apiguard.errors.envelope.shape=problem",
				"apiguard.errors.envelope.problem-type-base=https://errors.example.com/",
				"apiguard.rate-limit.headers.ietf=true", "apiguard.rate-limit.policies.api.paths=/api/**",
				"apiguard.rate-limit.policies.api.limits.default[0].name=per-minute",
				"apiguard.rate-limit.policies.api.limits.default[0].limit=2",
				"apiguard.rate-limit.policies.api.limits.default[0].period=1m",
				"apiguard.rate-limit.policies.api.limits.default[1].name=daily",
				"apiguard.rate-limit.policies.api.limits.default[1].limit=2",
				"apiguard.rate-limit.policies.api.limits.default[1].calendar=day",
				"apiguard.rate-limit.policies.api.limits.default[1].code=daily_limit_exceeded",
				"apiguard.rate-limit.policies.api.limits.default[1].status=402" })
@AutoConfigureMockMvc
class RateLimitProblemWebTests {

	static final String QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded";

	@Autowired
	MockMvcTester mvc;

	@Test
	void aLimitRejectionIsTheRegisteredQuotaExceededProblemNamingEveryViolatedPolicy() {
		for (int i = 0; i < 2; i++) {
			assertThat(get("/api/ping", "sk_problem")).hasStatusOk();
		}
		MvcTestResult result = get("/api/ping", "sk_problem");
		assertThat(result).hasStatus(402).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		JsonNode body = JsonMapper.shared().readTree(result.getResponse().getContentAsByteArray());
		assertThat(body.path("type").asString()).isEqualTo(QUOTA_EXCEEDED);
		assertThat(body.path("code").asString()).isEqualTo("daily_limit_exceeded");
		List<String> violated = body.path("violated-policies").valueStream().map(JsonNode::asString).toList();
		assertThat(violated).containsExactly("per-minute", "daily");
		// The names are the identifiers of the RateLimit-Policy items, so a client can look each one up.
		List<Object> policies = StructuredFieldLists.parse(result.getResponse().getHeader("RateLimit-Policy"))
			.stream()
			.map(Item::value)
			.toList();
		assertThat(policies).containsAll(violated);
	}

	@Test
	void otherCodesKeepTheConfiguredProblemTypeBase() {
		MvcTestResult result = get("/nowhere", "sk_other");
		assertThat(result).hasStatus(404);
		JsonNode body = JsonMapper.shared().readTree(result.getResponse().getContentAsByteArray());
		assertThat(body.path("type").asString()).isEqualTo("https://errors.example.com/not-found");
		assertThat(body.has("violated-policies")).isFalse();
	}

	private MvcTestResult get(String uri, String apiKey) {
		return this.mvc.get().uri(uri).header("X-API-Key", apiKey).exchange();
	}

	@RestController
	static class Endpoints {

		@GetMapping("/api/ping")
		String ping() {
			return "pong";
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.parse("2026-03-15T10:00:00Z"));
		}

	}

}
