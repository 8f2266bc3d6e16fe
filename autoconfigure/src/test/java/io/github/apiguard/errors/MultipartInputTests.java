package io.github.apiguard.errors;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.github.apiguard.support.CapturedLogs;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed multipart bodies are the client's mistake (400), oversized ones too large (413) — with or without
 * an Idempotency-Key, on mapped and unmapped paths — and neither is logged as a server error.
 */
@SpringBootTest(classes = { TestApplication.class, MultipartInputTests.Config.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apiguard.idempotency.store=memory", "spring.servlet.multipart.max-file-size=1KB",
				"spring.servlet.multipart.max-request-size=2KB" })
@ExtendWith(OutputCaptureExtension.class)
class MultipartInputTests {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@LocalServerPort
	int port;

	@ParameterizedTest(name = "{0} {1}, key: {2}")
	@CsvSource({ "no-boundary,/uploads,false,400", "no-boundary,/uploads,true,400",
			"no-boundary,/nowhere,false,400", "no-boundary,/nowhere,true,400", "truncated,/uploads,false,400",
			"truncated,/uploads,true,400", "oversized,/uploads,false,413", "oversized,/uploads,true,413",
			"oversized,/nowhere,true,413" })
	void badMultipartIsAClientErrorInTheEnvelope(String kind, String path, boolean key, int status,
			CapturedOutput output) throws Exception {
		String boundary = "b0undary";
		String contentType = kind.equals("no-boundary") ? "multipart/form-data"
				: "multipart/form-data; boundary=" + boundary;
		String body = switch (kind) {
			case "no-boundary" -> "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--"
					+ boundary + "--\r\n";
			case "truncated" -> "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc";
			default -> "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
					+ "x".repeat(4096) + "\r\n--" + boundary + "--\r\n";
		};
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1));
		if (key) {
			request.header("Idempotency-Key", UUID.randomUUID().toString());
		}
		HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		// A client must not be able to flood the logs: no ERROR, and no stack of the parse failure at all.
		assertThat(CapturedLogs.withoutClosingClients(output.getOut())).doesNotContain(" ERROR ")
			.doesNotContain("MultipartException")
			.doesNotContain("FileUploadException")
			.doesNotContain("MalformedStreamException");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		Uploads uploads() {
			return new Uploads();
		}

	}

	@RestController
	static class Uploads {

		@PostMapping(path = "/uploads", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
		Map<String, Object> upload(@RequestParam("file") MultipartFile file) {
			return Map.of("size", file.getSize());
		}

	}

}
