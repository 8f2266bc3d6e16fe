package io.github.apiguard.sample.profiles;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import io.github.apiguard.sample.SampleApi;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("seed-003")
class Seed003ProfileTests {

	@LocalServerPort
	int port;

	@Test
	void validationIsWrappedWithFieldAndConstraint() {
		HttpResponse<String> response = new SampleApi(this.port).post("/v1/builds", SampleApi.ADMIN, "{\"name\": \"\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"code\":400,\"status\":\"error\",\"message\":\"Validation failed\","
				+ "\"error\":{\"code\":\"VALIDATION_ERROR\",\"message\":\"The 'name' field is required.\","
				+ "\"details\":{\"field\":\"name\",\"constraint\":\"required\"}}}");
	}

	@Test
	void aMissingScopeAnswers404Not403() {
		HttpResponse<String> response = new SampleApi(this.port).post("/v1/builds", SampleApi.READONLY,
				"{\"name\": \"x\"}");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"").doesNotContain("scope");
	}

}
