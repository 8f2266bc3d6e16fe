package io.github.apiguard.client;

import java.time.Instant;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.support.MutableClock;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous clients are counted by address, and an IPv6 client holds a whole prefix (a /64 at least), so
 * it could pick a fresh address per request: IPv6 addresses are grouped by their prefix, IPv4 addresses
 * stay whole. The bucket shows in {@code X-RateLimit-Remaining}; the clock stands still.
 */
class ClientAddressGroupingTests {

	static final String PATHS = "apiguard.rate-limit.policies.api.paths=/api/**";

	static final String NAME = "apiguard.rate-limit.policies.api.limits.default[0].name=per-minute";

	static final String QUOTA = "apiguard.rate-limit.policies.api.limits.default[0].limit=100";

	static final String PERIOD = "apiguard.rate-limit.policies.api.limits.default[0].period=1m";

	static int remaining(MockMvcTester mvc, String address) {
		MvcTestResult result = mvc.get().uri("/api/ping").with((request) -> {
			request.setRemoteAddr(address);
			return request;
		}).exchange();
		assertThat(result).hasStatusOk();
		return Integer.parseInt(result.getResponse().getHeader("X-RateLimit-Remaining"));
	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, Config.class }, properties = { PATHS, NAME, QUOTA, PERIOD })
	@AutoConfigureMockMvc
	class ByDefault {

		@Autowired
		MockMvcTester mvc;

		@Test
		void twoAddressesInOneSlash64ShareABucket() {
			assertThat(remaining(this.mvc, "2001:db8:1:2::1")).isEqualTo(99);
			assertThat(remaining(this.mvc, "2001:db8:1:2:ffff:ffff:ffff:fffe")).isEqualTo(98);
			assertThat(remaining(this.mvc, "2001:0db8:0001:0002:0000:0000:0000:0077")).isEqualTo(97);
			assertThat(remaining(this.mvc, "[2001:db8:1:2::9]")).isEqualTo(96);
		}

		@Test
		void anotherSlash64IsAnotherClient() {
			assertThat(remaining(this.mvc, "2001:db8:7:1::1")).isEqualTo(99);
			assertThat(remaining(this.mvc, "2001:db8:7:2::1")).isEqualTo(99);
			assertThat(remaining(this.mvc, "2001:db8:7:1::2")).isEqualTo(98);
		}

		@Test
		void ipv4AddressesStayWhole() {
			assertThat(remaining(this.mvc, "203.0.113.40")).isEqualTo(99);
			assertThat(remaining(this.mvc, "203.0.113.41")).isEqualTo(99);
		}

		@Test
		void anIpv4MappedIpv6AddressIsItsIpv4Address() {
			assertThat(remaining(this.mvc, "203.0.113.50")).isEqualTo(99);
			assertThat(remaining(this.mvc, "::ffff:203.0.113.50")).isEqualTo(98);
			assertThat(remaining(this.mvc, "0:0:0:0:0:ffff:cb00:7132")).isEqualTo(97);
			// Its neighbours in the same /64 of mapped addresses are still other clients.
			assertThat(remaining(this.mvc, "::ffff:203.0.113.51")).isEqualTo(99);
		}

	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, Config.class },
			properties = { PATHS, NAME, QUOTA, PERIOD, "apiguard.client.ipv6-prefix-length=48" })
	@AutoConfigureMockMvc
	class WithAConfiguredPrefixLength {

		@Autowired
		MockMvcTester mvc;

		@Test
		void addressesInOnePrefixShareABucket() {
			assertThat(remaining(this.mvc, "2001:db8:1:2::1")).isEqualTo(99);
			assertThat(remaining(this.mvc, "2001:db8:1:3::1")).isEqualTo(98);
			assertThat(remaining(this.mvc, "2001:db8:2:2::1")).isEqualTo(99);
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

		@GetMapping("/api/ping")
		String ping() {
			return "pong";
		}

	}

}
