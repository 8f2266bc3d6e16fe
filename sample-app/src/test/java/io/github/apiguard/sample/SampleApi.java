package io.github.apiguard.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.function.UnaryOperator;

/**
 * A small HTTP client for the sample API over a real port.
 */
public final class SampleApi {

	public static final String ADMIN = "pt_live_demo_admin";

	public static final String SECOND = "pt_live_demo_second";

	public static final String READONLY = "pt_live_demo_readonly";

	public static final String PUBLIC = "pk_live_demo_public";

	private final HttpClient client = HttpClient.newHttpClient();

	private final String base;

	public SampleApi(int port) {
		this.base = "http://localhost:" + port;
	}

	public HttpResponse<String> get(String path, String key) {
		return send(path, (r) -> auth(r, key).GET());
	}

	public HttpResponse<String> post(String path, String key, String json) {
		return send(path, (r) -> auth(r, key).header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json)));
	}

	public HttpResponse<String> postWithKey(String path, String key, String idempotencyKey, String json) {
		return send(path, (r) -> auth(r, key).header("Content-Type", "application/json")
			.header("Idempotency-Key", idempotencyKey)
			.POST(BodyPublishers.ofString(json)));
	}

	public HttpResponse<String> send(String path, UnaryOperator<HttpRequest.Builder> request) {
		try {
			return this.client.send(request.apply(HttpRequest.newBuilder(URI.create(this.base + path))).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpRequest.Builder auth(HttpRequest.Builder request, String key) {
		return (key != null) ? request.header("Authorization", "Bearer " + key) : request;
	}

}
