package io.github.apiguard.scenarios;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.github.apiguard.support.TestApplication;

/**
 * The scenario matrix under RFC 9457 {@code application/problem+json}, with Spring Boot's own problem
 * details switched on as well: apiguard's format must win on every path.
 */
@SpringBootTest(classes = { TestApplication.class, ScenarioEndpoints.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apiguard.errors.envelope.shape=problem", "spring.mvc.problemdetails.enabled=true",
				"spring.servlet.multipart.max-file-size=1KB", "spring.servlet.multipart.max-request-size=2KB" })
class ProblemDetailScenarioTests extends AbstractScenarioMatrixTests {

	@Override
	String contentType() {
		return "application/problem+json";
	}

	@Override
	String codeOf(JsonNode body) {
		return body.path("code").asString();
	}

	@Override
	int statusOf(JsonNode body, int httpStatus) {
		return body.path("status").asInt();
	}

}
