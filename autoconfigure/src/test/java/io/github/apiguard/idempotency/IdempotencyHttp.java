package io.github.apiguard.idempotency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A small HTTP client for the idempotency tests, against a real port.
 */
public final class IdempotencyHttp {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	public IdempotencyHttp(int port) {
		this.port = port;
	}

	public Request post(String path) {
		return new Request(this.port, "POST", path);
	}

	public Request get(String path) {
		return new Request(this.port, "GET", path);
	}

	public Request patch(String path) {
		return new Request(this.port, "PATCH", path);
	}

	/**
	 * A request being built.
	 */
	public static final class Request {

		private final int port;

		private final String method;

		private final String path;

		private final List<String> headers = new ArrayList<>();

		private byte[] body = new byte[0];

		Request(int port, String method, String path) {
			this.port = port;
			this.method = method;
			this.path = path;
		}

		public Request key(String key) {
			return header("Idempotency-Key", key);
		}

		public Request json(String json) {
			header("Content-Type", "application/json");
			this.body = json.getBytes(StandardCharsets.UTF_8);
			return this;
		}

		public Request body(String contentType, byte[] body) {
			header("Content-Type", contentType);
			this.body = body;
			return this;
		}

		public Request basic(String user) {
			return header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString((user + ":password").getBytes(StandardCharsets.UTF_8)));
		}

		public Request header(String name, String value) {
			this.headers.add(name);
			this.headers.add(value);
			return this;
		}

		public HttpResponse<String> send() {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + this.path))
				.timeout(Duration.ofSeconds(30))
				.method(this.method, HttpRequest.BodyPublishers.ofByteArray(this.body));
			if (!this.headers.isEmpty()) {
				builder.headers(this.headers.toArray(String[]::new));
			}
			try {
				return client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
