package io.github.apiguard.scenarios;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a request can fail, over a real port: each answer must be in the configured envelope with the
 * right status, protocol headers and {@code Content-Type}, carry a request id, and reveal nothing internal.
 * Subclasses run the matrix under different envelope shapes.
 */
abstract class AbstractScenarioMatrixTests {

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newHttpClient();

	/** The media type every error answers with. */
	abstract String contentType();

	/** The machine code inside a body of this shape. */
	abstract String codeOf(JsonNode body);

	/** The status inside a body of this shape, when the shape carries one. */
	abstract int statusOf(JsonNode body, int httpStatus);

	@Test
	void unknownRouteIs404() {
		Answer answer = send("/no/such/route", (r) -> r.GET());
		answer.is(404, "not_found");
	}

	@Test
	void wrongMethodIs405WithAllow() {
		Answer answer = send("/things/1", (r) -> r.DELETE());
		answer.is(405, "method_not_allowed");
		assertThat(answer.response.headers().firstValue("Allow")).hasValue("GET");
	}

	@Test
	void unsupportedContentTypeIs415WithAccept() {
		Answer answer = send("/things",
				(r) -> r.header("Content-Type", "text/plain").POST(BodyPublishers.ofString("name=x")));
		answer.is(415, "unsupported_media_type");
		assertThat(answer.response.headers().firstValue("Accept")).hasValue("application/json");
	}

	@Test
	void unacceptableAcceptIs406AndStillAnswersInTheEnvelope() {
		Answer answer = send("/things/1", (r) -> r.header("Accept", "text/csv").GET());
		answer.is(406, "not_acceptable");
	}

	@Test
	void malformedJsonIs400WithoutParserText() {
		Answer answer = send("/things", (r) -> r.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"name\": \"x\", ")));
		answer.is(400, "invalid_request");
		assertThat(answer.raw).containsIgnoringCase("not valid JSON").doesNotContainIgnoringCase("jackson");
	}

	@Test
	void wrongJsonTypeIs400NamingTheField() {
		Answer answer = send("/things", (r) -> r.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"name\": \"x\", \"quantity\": \"lots\"}")));
		answer.is(400, "invalid_request");
		assertThat(answer.raw).contains("quantity").doesNotContain("java.");
	}

	@Test
	void typeMismatchInThePathIs400() {
		send("/things/abc", (r) -> r.GET()).is(400, "invalid_request");
	}

	@Test
	void missingParameterIs400() {
		Answer answer = send("/search", (r) -> r.GET());
		answer.is(400, "invalid_request");
		assertThat(answer.raw).contains("'q'");
	}

	@Test
	void validationFailureIs400WithFieldsInDeclarationOrder() {
		Answer answer = send("/things", (r) -> r.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"name\": \"\", \"quantity\": 0}")));
		answer.is(400, "validation_failed");
		assertThat(answer.raw.indexOf("\"name\"")).isLessThan(answer.raw.indexOf("\"quantity\""));
	}

	@Test
	void exceptionInAServletFilterIs500InTheEnvelopeWithoutItsMessage() {
		Answer answer = send("/things/1", (r) -> r.header("X-Explode", "yes").GET());
		answer.is(500, "internal_error");
	}

	@Test
	void unauthenticatedIs401WithTheChallengeOfTheChainsMechanism() {
		Answer answer = send("/secured/me", (r) -> r.GET());
		answer.is(401, "unauthorized");
		// The test application's chain authenticates with httpBasic(): its challenge, not apiguard's default.
		assertThat(answer.response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Basic realm=\"Realm\""));
	}

	@Test
	void wrongCredentialsAre401() {
		send("/secured/me", (r) -> r.header("Authorization", basic("user", "wrong")).GET()).is(401, "unauthorized");
	}

	@Test
	void missingRoleIs403() {
		send("/admin/stats", (r) -> r.header("Authorization", basic("user", "password")).GET()).is(403, "forbidden");
	}

	@Test
	void authenticatedRequestsStillSucceed() {
		HttpResponse<String> response = sendRaw("/secured/me",
				(r) -> r.header("Authorization", basic("user", "password")).GET());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void uploadTooLargeIs413() {
		String boundary = "apiguardboundary";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(4096) + "\r\n--" + boundary + "--\r\n";
		Answer answer = send("/uploads", (r) -> r.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofString(body)));
		answer.is(413, "payload_too_large");
	}

	@Test
	void unexpectedExceptionIs500WithoutItsMessage() {
		send("/boom", (r) -> r.GET()).is(500, "internal_error");
	}

	@Test
	void sendErrorGoesThroughErrorAndKeepsItsStatus() {
		send("/send-error/409", (r) -> r.GET()).is(409, "conflict");
	}

	@Test
	void aContainer413IsPayloadTooLarge() {
		send("/send-error/413", (r) -> r.GET()).is(413, "payload_too_large");
	}

	@Test
	void aContainer503IsServiceUnavailable() {
		send("/send-error/503", (r) -> r.GET()).is(503, "service_unavailable");
	}

	@Test
	void asyncTimeoutIs503() {
		send("/slow", (r) -> r.GET()).is(503, "service_unavailable");
	}

	@Test
	void anErrorDropsTheHeadersThatDescribedTheBodyItReplaces() {
		Answer answer = send("/downloads/report", (r) -> r.header("Origin", "https://app.example.com").GET());
		answer.is(404, "not_found");
		HttpHeaders headers = answer.response.headers();
		for (String name : new String[] { "Content-Encoding", "Content-Disposition", "Content-Range", "Content-Language",
				"Content-Location", "ETag", "Last-Modified", "Digest" }) {
			assertThat(headers.firstValue(name)).as(name).isEmpty();
		}
		assertThat(headers.firstValue("Vary")).hasValue("Origin");
		assertThat(headers.firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(headers.firstValue("X-RateLimit-Remaining")).hasValue("41");
	}

	@Test
	void aRedirectThrownByAHandlerIsARedirect() {
		HttpResponse<String> response = sendRaw("/moved", (r) -> r.GET());
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue("/things/1");
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
	}

	@Test
	void aRedirectThrownByAFilterIsARedirect() {
		HttpResponse<String> response = sendRaw("/things/1", (r) -> r.header("X-Redirect", "yes").GET());
		assertThat(response.statusCode()).isEqualTo(303);
		assertThat(response.headers().firstValue("Location")).hasValue("/login");
		assertThat(response.body()).isEmpty();
	}

	@Test
	void aNotModifiedThrownByAHandlerIsNotModified() {
		HttpResponse<String> response = sendRaw("/unchanged", (r) -> r.GET());
		assertThat(response.statusCode()).isEqualTo(304);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void aSuccessStatusDeclaredOnAnExceptionIsThatStatus() {
		HttpResponse<String> response = sendRaw("/accepted", (r) -> r.GET());
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void requestIdIsEchoedOnErrors() {
		HttpResponse<String> response = sendRaw("/no/such/route", (r) -> r.header("X-Request-Id", "trace-42").GET());
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue("trace-42");
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private Answer send(String path, UnaryOperator<HttpRequest.Builder> request) {
		return new Answer(sendRaw(path, request));
	}

	private HttpResponse<String> sendRaw(String path, UnaryOperator<HttpRequest.Builder> request) {
		try {
			return this.client.send(request.apply(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	final class Answer {

		final HttpResponse<String> response;

		final String raw;

		Answer(HttpResponse<String> response) {
			this.response = response;
			this.raw = response.body();
		}

		void is(int status, String code) {
			assertThat(this.response.statusCode()).as(this.raw).isEqualTo(status);
			assertThat(this.response.headers().firstValue("Content-Type")).hasValue(contentType());
			JsonNode body = JsonMapper.shared().readTree(this.raw);
			assertThat(codeOf(body)).isEqualTo(code);
			assertThat(statusOf(body, status)).isEqualTo(status);
			assertThat(this.response.headers().firstValue("X-Request-Id")).isPresent();
			assertThat(this.raw).doesNotContain("hunter2", "Exception", "org.springframework", "Tomcat", "trace",
					"timestamp");
		}

	}

}
