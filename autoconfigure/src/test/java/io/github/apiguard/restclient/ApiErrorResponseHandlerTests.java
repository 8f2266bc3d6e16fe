package io.github.apiguard.restclient;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;

class ApiErrorResponseHandlerTests {

	@Test
	void readsSeed000sFlatEnvelope() {
		RemoteApiException ex = call(429, "{\"error\":\"rate_limit_exceeded\",\"message\":\"You have exceeded your "
				+ "monthly API call limit.\",\"details\":{\"limit\":1000,\"reset_at\":\"2026-04-01T00:00:00Z\"}}", "60");
		assertThat(ex.getCode()).isEqualTo("rate_limit_exceeded");
		assertThat(ex.getDetails()).containsEntry("limit", 1000).containsEntry("reset_at", "2026-04-01T00:00:00Z");
		assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(60));
		assertThat(ex.isRetryable()).isTrue();
	}

	@Test
	void readsSeed001sNestedEnvelopeWithItsRequestId() {
		RemoteApiException ex = call(404,
				"{\"error\":{\"code\":\"not_found\",\"message\":\"Program not found\",\"requestId\":\"7c0c1e9b\"}}", null);
		assertThat(ex.getCode()).isEqualTo("not_found");
		assertThat(ex.getMessage()).contains("Program not found");
		assertThat(ex.getRequestId()).isEqualTo("7c0c1e9b");
		assertThat(ex.isRetryable()).isFalse();
	}

	@Test
	void readsSeed003sWrappedAndSeed004sResultEnvelopes() {
		assertThat(call(400, "{\"code\":400,\"status\":\"error\",\"message\":\"Validation failed\",\"error\":{"
				+ "\"code\":\"VALIDATION_ERROR\",\"message\":\"The title field is required\","
				+ "\"details\":{\"field\":\"title\"}}}", null).getDetails()).containsEntry("field", "title");
		assertThat(call(402, "{\"status\":\"error\",\"data\":null,\"error\":{\"code\":\"INSUFFICIENT_CREDITS\","
				+ "\"message\":\"Workspace does not have enough credits.\"}}", null).getCode())
			.isEqualTo("INSUFFICIENT_CREDITS");
	}

	@Test
	void readsProblemDetails() {
		RemoteApiException ex = call(503, "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
				+ "\"detail\":\"Down for maintenance.\",\"code\":\"service_unavailable\"}", null);
		assertThat(ex.getCode()).isEqualTo("service_unavailable");
		assertThat(ex.getMessage()).contains("Down for maintenance.");
	}

	@Test
	void aBodyThatIsNoEnvelopeStillGivesATypedException() {
		RemoteApiException ex = call(502, "<html>Bad gateway</html>", null);
		assertThat(ex.getCode()).isEqualTo("unknown");
		assertThat(ex.getStatusCode().value()).isEqualTo(502);
	}

	@Test
	void retryAfterAcceptsAnHttpDate() {
		assertThat(ApiErrorResponseHandler.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
		assertThat(ApiErrorResponseHandler.retryAfter("soon")).isNull();
	}

	@Test
	void aHostileBodyIsReadNoFurtherThanTheBound() {
		EndlessBody remote = new EndlessBody(50 * 1024 * 1024);
		RemoteApiException ex = call(new ApiErrorResponseHandler(), 502, new InputStreamResource(remote));
		assertThat(remote.served).isLessThanOrEqualTo(ApiErrorResponseHandler.DEFAULT_MAX_BODY_SIZE + 8192);
		assertThat(ex.getResponseBodyAsByteArray()).hasSize(ApiErrorResponseHandler.DEFAULT_MAX_BODY_SIZE);
		assertThat(ex.getCode()).isEqualTo("unknown");
		assertThat(ex.getStatusCode().value()).isEqualTo(502);
	}

	@Test
	void theBoundIsConfigurable() {
		EndlessBody remote = new EndlessBody(1024 * 1024);
		RemoteApiException ex = call(new ApiErrorResponseHandler(JsonMapper.shared(), 100), 500,
				new InputStreamResource(remote));
		assertThat(remote.served).isLessThanOrEqualTo(100 + 8192);
		assertThat(ex.getResponseBodyAsByteArray()).hasSize(100);
	}

	@Test
	void anEnvelopeWithinTheBoundIsRead() {
		String body = "{\"error\":{\"code\":\"not_found\",\"message\":\"Gone.\"}}";
		RemoteApiException ex = call(new ApiErrorResponseHandler(JsonMapper.shared(), body.length()), 404,
				new ByteArrayResource(body.getBytes(StandardCharsets.UTF_8)));
		assertThat(ex.getCode()).isEqualTo("not_found");
	}

	@Test
	void theRemoteCodeAndMessageAreLogSafeInTheExceptionMessage() {
		RemoteApiException ex = call(400, "{\"error\":{\"code\":\"bad\\r\\nX-Injected: yes\","
				+ "\"message\":\"line one\\nline two\\u2028three\\u0085four\\u001b[31m\"}}", null);
		assertThat(ex.getMessage()).doesNotContain("\r", "\n", "\u2028", "\u0085", "\u001b")
			.contains("bad")
			.contains("line one")
			.contains("line two");
		assertThat(ex.getCode()).isEqualTo("bad\r\nX-Injected: yes");
	}

	private static RemoteApiException call(ApiErrorResponseHandler handler, int status, Resource body) {
		RestClient.Builder builder = RestClient.builder().defaultStatusHandler(handler);
		MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
		server.expect(requestTo("http://api.test/v1/builds"))
			.andRespond(withStatus(HttpStatus.valueOf(status)).contentType(MediaType.APPLICATION_JSON).body(body));
		RestClient client = builder.build();
		return catchThrowableOfType(RemoteApiException.class,
				() -> client.get().uri("http://api.test/v1/builds").retrieve().toBodilessEntity());
	}

	private static RemoteApiException call(int status, String body, String retryAfter) {
		RestClient.Builder builder = RestClient.builder().defaultStatusHandler(new ApiErrorResponseHandler());
		MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
		HttpHeaders headers = new HttpHeaders();
		if (retryAfter != null) {
			headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
		}
		server.expect(requestTo("http://api.test/v1/builds"))
			.andRespond(withStatus(HttpStatus.valueOf(status)).contentType(MediaType.APPLICATION_JSON)
				.headers(headers)
				.body(body));
		RestClient client = builder.build();
		return catchThrowableOfType(RemoteApiException.class,
				() -> client.get().uri("http://api.test/v1/builds").retrieve().toBodilessEntity());
	}

	/**
	 * A remote that would send {@code size} bytes, made up as they are read, counting how many were.
	 */
	static final class EndlessBody extends InputStream {

		private final long size;

		long served;

		EndlessBody(long size) {
			this.size = size;
		}

		@Override
		public int read() {
			if (this.served >= this.size) {
				return -1;
			}
			this.served++;
			return 'x';
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.served >= this.size) {
				return -1;
			}
			int count = (int) Math.min(length, this.size - this.served);
			Arrays.fill(buffer, offset, offset + count, (byte) 'x');
			this.served += count;
			return count;
		}

	}

}
