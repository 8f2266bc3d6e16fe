package io.github.apiguard.scenarios;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.github.apiguard.support.TestApplication;

/**
 * The scenario matrix under the default envelope, {@code {"error": {"code", "message", "details"}}}.
 */
@SpringBootTest(classes = { TestApplication.class, ScenarioEndpoints.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.servlet.multipart.max-file-size=1KB", "spring.servlet.multipart.max-request-size=2KB" })
class NestedEnvelopeScenarioTests extends AbstractScenarioMatrixTests {

	@Override
	String contentType() {
		return "application/json";
	}

	@Override
	String codeOf(JsonNode body) {
		return body.path("error").path("code").asString();
	}

	@Override
	int statusOf(JsonNode body, int httpStatus) {
		return httpStatus;
	}

}
