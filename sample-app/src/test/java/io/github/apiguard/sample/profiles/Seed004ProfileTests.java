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
@ActiveProfiles("seed-004")
class Seed004ProfileTests {

	@LocalServerPort
	int port;

	@Test
	void errorsUseTheResultEnvelope() {
		HttpResponse<String> response = new SampleApi(this.port).get("/v1/builds/bld_missing", SampleApi.ADMIN);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body())
			.isEqualTo("{\"status\":\"error\",\"data\":null,\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"Build not found.\"}}");
	}

	@Test
	void noCredentialIsUnauthorized() {
		HttpResponse<String> response = new SampleApi(this.port).get("/v1/builds", null);
		assertThat(response.body()).isEqualTo(
				"{\"status\":\"error\",\"data\":null,\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"No credential supplied.\"}}");
	}

}
