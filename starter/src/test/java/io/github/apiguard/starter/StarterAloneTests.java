package io.github.apiguard.starter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose only dependency is the starter (this module's test classpath holds nothing else
 * but JUnit and AssertJ): it starts a web server, serves requests, validates bodies and answers errors in
 * the envelope.
 */
class StarterAloneTests {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Test
	void applicationWithOnlyTheStarterServesRequestsAndErrorsInTheEnvelope() throws Exception {
		try (ConfigurableApplicationContext context = SpringApplication.run(Application.class, "--server.port=0",
				"--spring.main.banner-mode=off")) {
			assertThat(context).isInstanceOf(WebServerApplicationContext.class);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> created = post(port, "/notes", "{\"text\":\"hello\"}");
			assertThat(created.statusCode()).isEqualTo(200);
			assertThat(created.body()).contains("\"text\":\"hello\"");
			HttpResponse<String> invalid = post(port, "/notes", "{\"text\":\"\"}");
			assertThat(invalid.statusCode()).isEqualTo(400);
			assertThat(invalid.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			assertThat(invalid.body()).contains("text");
			HttpResponse<String> missing = post(port, "/nowhere", "{}");
			assertThat(missing.statusCode()).isEqualTo(404);
			assertThat(missing.body()).contains("not_found");
		}
	}

	private HttpResponse<String> post(int port, String path, String json) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootApplication
	static class Application {

	}

	record Note(@NotBlank String text) {
	}

	@RestController
	static class Notes {

		@PostMapping("/notes")
		Map<String, Object> create(@Valid @RequestBody Note note) {
			return Map.of("text", note.text());
		}

	}

}
