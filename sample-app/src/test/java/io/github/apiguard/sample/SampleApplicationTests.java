package io.github.apiguard.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void unknownBuildAnswersSeed000NotFound() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/builds/nope")).GET());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"Build not found.\"}");
	}

	@Test
	void missingNameAnswersSeed000InvalidRequest() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/builds"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo(
				"{\"error\":\"invalid_request\",\"message\":\"The 'name' field is required.\",\"details\":{\"field\":\"name\"}}");
	}

	@Test
	void createdBuildCanBeRead() throws Exception {
		HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/v1/builds"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"nightly\"}")));
		assertThat(created.statusCode()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> read = send(HttpRequest.newBuilder(uri(location)).GET());
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).contains("\"name\":\"nightly\"");
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
