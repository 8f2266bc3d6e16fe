package io.github.apiguard.sample.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.apiguard.sample.SampleApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of hostile requests, sent as raw bytes to a real port: every answer must be a 4xx (none of them
 * is the server's fault) in the configured envelope, with {@code Content-Type}, no stack trace, no internal
 * text and no header the client injected — including the requests Tomcat refuses before any servlet runs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class HostileInputTests {

	/** Loggers of the Redis client\'s infrastructure (io.netty, io.lettuce) as Spring Boot abbreviates them. */
	private static final Pattern REDIS_CLIENT_LOGGER = Pattern.compile(" --- \\[[^]]*\\] (i\\.n\\.|i\\.l\\.)");

	private static final String AUTH = "Authorization: Bearer " + SampleApi.ADMIN + "\r\n";

	@LocalServerPort
	int port;

	@Test
	void everyHostileRequestIsAnsweredInTheEnvelope(CapturedOutput output) {
		assertThat(problems("hostile-input", corpus())).isEmpty();
		assertNoInjectedLogLine(output);
	}

	@Test
	void everyHostileIdempotencyKeyIsRefusedInTheEnvelope(CapturedOutput output) {
		Map<String, byte[]> corpus = idempotencyKeyCorpus();
		assertThat(problems("hostile-idempotency-key", corpus)).isEmpty();
		assertNoInjectedLogLine(output);
	}

	/** Sends the corpus, checks every answer and prints the scenario's summary line. */
	private List<String> problems(String scenario, Map<String, byte[]> corpus) {
		Map<String, RawHttp.Response> answers = new LinkedHashMap<>();
		RawHttp http = new RawHttp(this.port);
		corpus.forEach((name, request) -> answers.put(name, http.send(request)));
		List<String> problems = new ArrayList<>();
		answers.forEach((name, response) -> check(name, response, problems));
		Map<Integer, Long> statuses = new TreeMap<>();
		answers.values().forEach((response) -> statuses.merge(response.status(), 1L, Long::sum));
		StringBuilder line = new StringBuilder("FAULTS " + scenario + ": sent=" + corpus.size());
		statuses.forEach((status, count) -> line.append(", ").append(status).append('=').append(count));
		System.out.println(line.append(", problems=").append(problems.size()));
		return problems;
	}

	private static void assertNoInjectedLogLine(CapturedOutput output) {
		assertThat(output.getAll().lines()).noneMatch((line) -> line.startsWith("Injected") || line.startsWith("injected"));
		// Client mistakes are logged as client mistakes: nothing at WARN or ERROR on a request thread. (Tomcat
		// logs its first header-parsing failure at INFO with a stack, and later ones at DEBUG.) Netty's complaint
		// about an event loop that another cached context shut down meanwhile is not the request's doing.
		assertThat(output.getAll().lines())
			.noneMatch((line) -> (line.contains(" ERROR ") || line.contains(" WARN ")) && !line.contains(" main] ")
					&& !REDIS_CLIENT_LOGGER.matcher(line).find());
	}

	/**
	 * Idempotency-Key values a client must not get away with: each is refused before any handler runs (400
	 * {@code idempotency_key_invalid}, or Tomcat's own 400 for bytes HTTP forbids), plus keys smuggling CR/LF,
	 * which must neither inject a header nor a log line. Generated cases cover every control and non-ASCII byte.
	 */
	private static Map<String, byte[]> idempotencyKeyCorpus() {
		Map<String, byte[]> corpus = new LinkedHashMap<>();
		String valid = "{\"name\": \"x\"}";
		String invalid = "{\"name\": null}";
		keyed(corpus, "empty key", "", valid);
		keyed(corpus, "key of 256 characters", "k".repeat(256), valid);
		keyed(corpus, "huge key", "k".repeat(6000), valid);
		keyed(corpus, "key with a quote", "abc\"def", valid);
		keyed(corpus, "key with a comma", "abc,def", valid);
		keyed(corpus, "key with a backslash", "abc\\def", valid);
		keyed(corpus, "key with a tab", "abc\tdef", valid);
		keyed(corpus, "structured string with escapes", "\"abc\\\"def\"", valid);
		keyed(corpus, "unterminated structured string", "\"abc", valid);
		keyed(corpus, "json in the key", "\"},\"injected\":{\"a", valid);
		corpus.put("key sent twice", request("POST", "/v1/builds",
				"Content-Type: application/json\r\nIdempotency-Key: one\r\nIdempotency-Key: two\r\n", valid));
		corpus.put("key repeated 100 times", request("POST", "/v1/builds",
				"Content-Type: application/json\r\n" + "Idempotency-Key: same\r\n".repeat(100), valid));
		// CR/LF smuggling: the body is invalid too, so whatever the server makes of the key, the answer is a 4xx.
		keyed(corpus, "encoded crlf in key", "abc%0d%0aInjected:%20yes", invalid);
		keyed(corpus, "bare cr in key", "abc\rInjected: yes", invalid);
		keyed(corpus, "bare lf in key", "abc\nInjected: yes", invalid);
		keyed(corpus, "obs-fold continuation", "abc\r\n Injected: yes", invalid);
		keyed(corpus, "crlf in structured key", "\"abc\r\n\tInjected: yes\"", invalid);
		// Generated: every control byte but CR and LF, DEL, and every byte above ASCII, inside a key.
		for (int b = 0; b < 256; b++) {
			if ((b < 0x20 && b != '\r' && b != '\n') || b >= 0x7F) {
				keyed(corpus, String.format(Locale.ROOT, "generated key with byte 0x%02X", b),
						"key" + (char) b + "end", valid);
			}
		}
		return corpus;
	}

	private static void keyed(Map<String, byte[]> corpus, String name, String key, String body) {
		corpus.put(name, request("POST", "/v1/builds",
				"Content-Type: application/json\r\nIdempotency-Key: " + key + "\r\n", body));
	}

	private static Map<String, byte[]> corpus() {
		Map<String, byte[]> corpus = new LinkedHashMap<>();
		json(corpus, "truncated json", "{\"name\": ");
		json(corpus, "json array instead of object", "[1, 2, 3]");
		json(corpus, "json string instead of object", "\"name\"");
		json(corpus, "trailing garbage", "{\"name\": \"x\"} trailing");
		json(corpus, "wrong type", "{\"name\": {\"nested\": true}}");
		json(corpus, "deeply nested arrays", "{\"name\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
		json(corpus, "deeply nested objects", "{\"name\": \"x\", \"release_id\": " + "{\"a\":".repeat(3000) + "1"
				+ "}".repeat(3000) + "}");
		json(corpus, "huge field value", "{\"name\": \"" + "x".repeat(2_000_000) + "\"}");
		json(corpus, "null body fields", "{\"name\": null}");
		// Strict JSON: a value of another type than declared is refused, never coerced into a string.
		json(corpus, "number for a string", "{\"name\": 123}");
		json(corpus, "boolean for a string", "{\"name\": true}");
		json(corpus, "array for a string", "{\"name\": [\"x\"]}");
		json(corpus, "nul character in a name", "{\"name\": \"build\\u0000one\"}");
		json(corpus, "escape character in a name", "{\"name\": \"\\u001b[31mred\"}");
		json(corpus, "line break in a name", "{\"name\": \"a\\nInjected: yes\"}");
		corpus.put("multipart without a boundary", request("POST", "/v1/builds",
				"Content-Type: multipart/form-data\r\n", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"));
		corpus.put("multipart without a boundary, with a key", request("POST", "/v1/builds",
				"Content-Type: multipart/form-data\r\nIdempotency-Key: multipart-1\r\n",
				"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"));
		corpus.put("oversized multipart, with a key", request("POST", "/v1/builds",
				"Content-Type: multipart/form-data; boundary=x\r\nIdempotency-Key: multipart-2\r\n",
				"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n" + "f".repeat(1_200_000)
						+ "\r\n--x--\r\n"));
		corpus.put("invalid utf-8", bytes("POST /v1/builds HTTP/1.1\r\nHost: localhost\r\n" + AUTH
				+ "Content-Type: application/json\r\nContent-Length: 14\r\nConnection: close\r\n\r\n",
				new byte[] { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}' }));
		corpus.put("xml body", request("POST", "/v1/builds", "Content-Type: application/xml\r\n", "<build><name>x</name></build>"));
		corpus.put("form body", request("POST", "/v1/builds", "Content-Type: application/x-www-form-urlencoded\r\n",
				"name=x"));
		corpus.put("bogus charset", request("POST", "/v1/builds", "Content-Type: application/json; charset=klingon\r\n",
				"{\"name\":\"x\"}"));
		corpus.put("unknown method", request("FOO", "/v1/builds", "", ""));
		corpus.put("trace method", request("TRACE", "/v1/builds", "", ""));
		corpus.put("path traversal", request("GET", "/v1/builds/../../etc/passwd", "", ""));
		corpus.put("encoded path traversal", request("GET", "/v1/builds/%2e%2e/%2e%2e/etc/passwd", "", ""));
		corpus.put("encoded slash", request("GET", "/v1/builds/a%2fb", "", ""));
		corpus.put("null byte in path", request("GET", "/v1/builds/a%00b", "", ""));
		corpus.put("semicolon path", request("GET", "/v1/builds;jsessionid=1/x", "", ""));
		corpus.put("encoded crlf request id", request("GET", "/v1/builds/x", "X-Request-Id: abc%0d%0aInjected:%20yes\r\n", ""));
		corpus.put("quoted request id", request("GET", "/v1/builds/x", "X-Request-Id: \"},\"injected\":{\"a\r\n", ""));
		corpus.put("huge request id", request("GET", "/v1/builds/x", "X-Request-Id: " + "a".repeat(4000) + "\r\n", ""));
		corpus.put("repeated headers", request("GET", "/v1/builds/x", "X-Request-Id: one\r\nX-Request-Id: two\r\n".repeat(50), ""));
		corpus.put("huge header", request("GET", "/v1/builds/x", "X-Junk: " + "j".repeat(70_000) + "\r\n", ""));
		corpus.put("many headers", request("GET", "/v1/builds/x", "X-Junk: j\r\n".repeat(500), ""));
		corpus.put("bad type in path", request("POST", "/v1/builds/%ff%fe/deployments", "Content-Type: application/json\r\n", "{}"));
		corpus.put("spoofed forwarded for", request("GET", "/v1/builds/x", "X-Forwarded-For: 127.0.0.1, 10.0.0.1\r\n", ""));
		corpus.put("no credentials", bytes("GET /v1/builds HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", new byte[0]));
		return corpus;
	}

	private static void json(Map<String, byte[]> corpus, String name, String body) {
		corpus.put(name, request("POST", "/v1/builds", "Content-Type: application/json\r\n", body));
	}

	private static byte[] request(String method, String path, String headers, String body) {
		byte[] payload = body.getBytes(StandardCharsets.UTF_8);
		return bytes(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + AUTH + headers + "Content-Length: "
				+ payload.length + "\r\nConnection: close\r\n\r\n", payload);
	}

	private static byte[] bytes(String head, byte[] body) {
		byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
		byte[] all = new byte[headBytes.length + body.length];
		System.arraycopy(headBytes, 0, all, 0, headBytes.length);
		System.arraycopy(body, 0, all, headBytes.length, body.length);
		return all;
	}

	private static void check(String name, RawHttp.Response response, List<String> problems) {
		String where = name + " → " + response.status() + " " + abbreviate(response.body());
		if (response.status() < 400 || response.status() > 499) {
			// Nothing in the corpus is the server's fault: a 5xx would mean something broke.
			problems.add(where + ": not a client error status");
			return;
		}
		if (!"application/json".equals(response.header("Content-Type"))) {
			problems.add(where + ": Content-Type " + response.header("Content-Type"));
			return;
		}
		JsonNode body;
		try {
			body = JsonMapper.shared().readTree(response.body());
		}
		catch (RuntimeException ex) {
			problems.add(where + ": body is not JSON");
			return;
		}
		if (!body.path("error").isString() || !body.path("message").isString()) {
			problems.add(where + ": not the seed 000 envelope");
		}
		for (String leak : new String[] { "Exception", "at java.", "org.apache", "org.springframework", "jackson",
				"Tomcat", "injected", "Injected" }) {
			if (response.body().contains(leak)) {
				problems.add(where + ": body leaks '" + leak + "'");
			}
		}
		if (response.headerLines().stream().anyMatch((line) -> line.toLowerCase().startsWith("injected"))) {
			problems.add(where + ": an injected header came back");
		}
	}

	private static String abbreviate(String body) {
		return (body.length() > 160) ? body.substring(0, 160) + "…" : body;
	}

}
