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
@ActiveProfiles("seed-002")
class Seed002ProfileTests {

	@LocalServerPort
	int port;

	@Test
	void validationIs422ValidationFailedWithFieldDetails() {
		HttpResponse<String> response = new SampleApi(this.port).post("/v1/builds", SampleApi.ADMIN, "{}");
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.body()).isEqualTo("{\"error\":{\"code\":\"validation_failed\",\"message\":\"Request body or "
				+ "params failed validation.\",\"details\":{\"errors\":[{\"field\":\"name\",\"constraint\":\"required\","
				+ "\"message\":\"The 'name' field is required.\"}]}}}");
	}

	@Test
	void anInvalidKeyIsInvalidApiKey() {
		HttpResponse<String> response = new SampleApi(this.port).get("/v1/builds", "pt_live_nope");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("\"code\":\"invalid_api_key\"");
	}

}
