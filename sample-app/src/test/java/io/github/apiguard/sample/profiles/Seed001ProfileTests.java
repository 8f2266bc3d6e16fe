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
@ActiveProfiles("seed-001")
class Seed001ProfileTests {

	@LocalServerPort
	int port;

	@Test
	void notFoundCarriesTheEchoedRequestId() {
		HttpResponse<String> response = new SampleApi(this.port).send("/v1/builds/bld_missing",
				(r) -> r.header("Authorization", "Bearer " + SampleApi.ADMIN).header("X-Request-Id", "req-001").GET());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body())
			.isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"Build not found.\",\"requestId\":\"req-001\"}}");
	}

	@Test
	void methodNotAllowedIsInvalidRequest() {
		HttpResponse<String> response = new SampleApi(this.port).send("/v1/builds",
				(r) -> r.header("Authorization", "Bearer " + SampleApi.ADMIN).DELETE());
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.body()).contains("\"code\":\"invalid_request\"", "\"requestId\":\"");
	}

	@Test
	void aWriteWithoutAnIdempotencyKeyIs400InvalidRequest() {
		HttpResponse<String> response = new SampleApi(this.port).send("/v1/builds",
				(r) -> r.header("Authorization", "Bearer " + SampleApi.ADMIN)
					.header("X-Request-Id", "req-key")
					.header("Content-Type", "application/json")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"x\"}")));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"error\":{\"code\":\"invalid_request\",\"message\":\"An "
				+ "Idempotency-Key header is required for this request.\",\"requestId\":\"req-key\"}}");
		assertThat(new SampleApi(this.port).postWithKey("/v1/builds", SampleApi.ADMIN, "k-1", "{\"name\": \"x\"}")
			.statusCode()).isEqualTo(201);
	}

	@Test
	void unexpectedFailureIsInternalError() {
		SampleApi api = new SampleApi(this.port);
		api.post("/v1/admin/faults", SampleApi.ADMIN, "{\"storage\": true}");
		try {
			HttpResponse<String> response = api.get("/v1/builds", SampleApi.ADMIN);
			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(response.body()).contains("\"code\":\"internal_error\"").doesNotContain("s3cr3t");
		}
		finally {
			api.post("/v1/admin/faults", SampleApi.ADMIN, "{\"storage\": false}");
		}
	}

}
