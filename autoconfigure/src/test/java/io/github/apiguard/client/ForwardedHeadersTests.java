package io.github.apiguard.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.support.MutableClock;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client cannot choose its address: through a real Tomcat, the test plays the proxy (127.0.0.1) that
 * appends the client's address to {@code X-Forwarded-For}, and the client adds whatever forwarding headers
 * it likes. The rate-limit bucket, seen through {@code X-RateLimit-Remaining}, must follow the address the
 * proxy appended, and only when the server was told to believe the proxy. The clock stands still, so no
 * allowance comes back during a test.
 */
class ForwardedHeadersTests {

	static final String LIMIT = "100";

	static final String PATHS = "apiguard.rate-limit.policies.api.paths=/api/**";

	static final String NAME = "apiguard.rate-limit.policies.api.limits.default[0].name=per-minute";

	static final String QUOTA = "apiguard.rate-limit.policies.api.limits.default[0].limit=" + LIMIT;

	static final String PERIOD = "apiguard.rate-limit.policies.api.limits.default[0].period=1m";

	@Nested
	@SpringBootTest(classes = { TestApplication.class, Config.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { PATHS, NAME, QUOTA, PERIOD, "server.forward-headers-strategy=native",
					"server.tomcat.remoteip.internal-proxies=127.0.0.1/32" })
	class BehindATrustedProxy {

		@LocalServerPort
		int port;

		@Test
		void theAddressTheProxyAppendedIsTheClientWhateverTheClientSent() throws Exception {
			Http http = new Http(this.port);
			assertThat(http.get("X-Forwarded-For", "203.0.113.10").remaining()).isEqualTo(99);
			// Each time the client adds a different claim of its own; the proxy appends the real address.
			assertThat(http.get("X-Forwarded-For", "198.51.100.1, 203.0.113.10").remaining()).isEqualTo(98);
			assertThat(http.get("X-Forwarded-For", "203.0.113.10", "Forwarded", "for=198.51.100.2").remaining())
				.isEqualTo(97);
			assertThat(http.get("X-Forwarded-For", "203.0.113.10", "Forwarded", "for=\"[2001:db8::2]\"").remaining())
				.isEqualTo(96);
			assertThat(http.get("X-Forwarded-For", "203.0.113.10", "X-Real-IP", "198.51.100.3").remaining())
				.isEqualTo(95);
			Answer last = http.get("X-Forwarded-For", "198.51.100.4, 203.0.113.10", "Forwarded", "for=198.51.100.4",
					"X-Real-IP", "198.51.100.4");
			assertThat(last.remaining()).isEqualTo(94);
			assertThat(last.body()).isEqualTo("203.0.113.10");
		}

		@Test
		void anotherAddressAppendedByTheProxyIsAnotherClient() throws Exception {
			Http http = new Http(this.port);
			assertThat(http.get("X-Forwarded-For", "203.0.113.20").remaining()).isEqualTo(99);
			assertThat(http.get("X-Forwarded-For", "203.0.113.21").remaining()).isEqualTo(99);
			assertThat(http.get("X-Forwarded-For", "203.0.113.20").remaining()).isEqualTo(98);
		}

		@Test
		void anIpv6ClientTheProxyAppendedIsCountedByItsSlash64() throws Exception {
			Http http = new Http(this.port);
			assertThat(http.get("X-Forwarded-For", "2001:db8:5:5::1").remaining()).isEqualTo(99);
			assertThat(http.get("X-Forwarded-For", "2001:db8:5:5:abcd::2").remaining()).isEqualTo(98);
			assertThat(http.get("X-Forwarded-For", "2001:db8:5:6::1").remaining()).isEqualTo(99);
		}

	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, Config.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { PATHS, NAME, QUOTA, PERIOD, "server.forward-headers-strategy=native",
					"server.tomcat.remoteip.internal-proxies=10.0.0.0/8" })
	class FromAPeerThatIsNotATrustedProxy {

		@LocalServerPort
		int port;

		@Test
		void forwardingHeadersAreIgnoredAndThePeerIsTheClient() throws Exception {
			Http http = new Http(this.port);
			Answer first = http.get("X-Forwarded-For", "203.0.113.40");
			assertThat(first.remaining()).isEqualTo(99);
			assertThat(first.body()).isEqualTo("127.0.0.1");
			assertThat(http.get("X-Forwarded-For", "203.0.113.41").remaining()).isEqualTo(98);
			assertThat(http.get("Forwarded", "for=203.0.113.42").remaining()).isEqualTo(97);
		}

	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, Config.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { PATHS, NAME, QUOTA, PERIOD, "server.forward-headers-strategy=none" })
	class WithoutAForwardHeadersStrategy {

		@LocalServerPort
		int port;

		@Test
		void forwardingHeadersAreIgnoredAndTheConnectionIsTheClient() throws Exception {
			Http http = new Http(this.port);
			Answer first = http.get("X-Forwarded-For", "203.0.113.30");
			assertThat(first.remaining()).isEqualTo(99);
			assertThat(first.body()).isEqualTo("127.0.0.1");
			assertThat(http.get("X-Forwarded-For", "203.0.113.31").remaining()).isEqualTo(98);
			assertThat(http.get("Forwarded", "for=203.0.113.32").remaining()).isEqualTo(97);
			assertThat(http.get("X-Real-IP", "203.0.113.33").remaining()).isEqualTo(96);
			assertThat(http.get().remaining()).isEqualTo(95);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	@Import(Endpoints.class)
	static class Config {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.parse("2026-03-15T10:00:00Z"));
		}

	}

	@RestController
	static class Endpoints {

		/** Answers the address the server resolved, which apiguard uses as is. */
		@GetMapping("/api/ping")
		String ping(HttpServletRequest request) {
			return request.getRemoteAddr();
		}

	}

	record Answer(int status, int remaining, String body) {

	}

	/**
	 * Requests from 127.0.0.1, the address the proxy would connect from.
	 */
	static final class Http {

		private final HttpClient client = HttpClient.newHttpClient();

		private final int port;

		Http(int port) {
			this.port = port;
		}

		Answer get(String... headers) throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/ping"));
			for (int i = 0; i < headers.length; i += 2) {
				request.header(headers[i], headers[i + 1]);
			}
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.headers().firstValue("X-RateLimit-Limit")).hasValue(LIMIT);
			return new Answer(response.statusCode(),
					Integer.parseInt(response.headers().firstValue("X-RateLimit-Remaining").orElseThrow()), response.body());
		}

	}

}
