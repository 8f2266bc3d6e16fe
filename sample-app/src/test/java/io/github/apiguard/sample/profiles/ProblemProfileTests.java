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
@ActiveProfiles("problem")
class ProblemProfileTests {

	@LocalServerPort
	int port;

	@Test
	void errorsAreRfc9457ProblemDetails() {
		HttpResponse<String> response = new SampleApi(this.port).get("/v1/builds/bld_missing", SampleApi.ADMIN);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).isEqualTo("{\"type\":\"https://errors.lathe.example/not-found\",\"title\":\"Not Found\","
				+ "\"status\":404,\"detail\":\"Build not found.\",\"instance\":\"/v1/builds/bld_missing\",\"code\":\"not_found\"}");
	}

}
