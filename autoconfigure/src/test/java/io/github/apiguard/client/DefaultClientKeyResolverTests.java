package io.github.apiguard.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultClientKeyResolverTests {

	private final DefaultClientKeyResolver resolver = new DefaultClientKeyResolver(
			new ClientAddressResolver());

	private static MockHttpServletRequest from(String peer) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/ping");
		request.setRemoteAddr(peer);
		return request;
	}

	@Test
	void forwardingHeadersAreNotReadTheServersAddressIs() {
		ClientKey plain = this.resolver.resolve(from("203.0.113.7"));
		MockHttpServletRequest spoofed = from("203.0.113.7");
		spoofed.addHeader("X-Forwarded-For", "198.51.100.1");
		spoofed.addHeader("Forwarded", "for=198.51.100.2");
		spoofed.addHeader("X-Real-IP", "198.51.100.3");
		assertThat(this.resolver.resolve(spoofed)).isEqualTo(plain);
		assertThat(plain.kind()).isEqualTo(ClientKey.Kind.ADDRESS);
		assertThat(plain).isNotEqualTo(this.resolver.resolve(from("203.0.113.8")));
	}

	@Test
	void aPresentedApiKeyIsNotAnIdentityTheAddressIs() {
		MockHttpServletRequest request = from("203.0.113.7");
		request.addHeader("X-API-Key", "sk_live_secret");
		assertThat(this.resolver.resolve(request)).isEqualTo(this.resolver.resolve(from("203.0.113.7")));
	}

	@Test
	void theKeyCacheNeverAnswersOneClientWithAnothersKeyUnderConcurrency() throws Exception {
		// Far more identities than the cache has slots, so they collide, resolved by racing threads: every
		// answer must be the key the identity hashes to, never a neighbour's from a shared slot.
		List<String> peers = new ArrayList<>();
		for (int i = 0; i < 3000; i++) {
			peers.add((i % 2 == 0) ? "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)
					: "2001:db8:" + Integer.toHexString(i) + "::1");
		}
		ClientAddressResolver addresses = new ClientAddressResolver();
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<Long>> wrong = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int offset = t;
				wrong.add(threads.submit(() -> {
					long mismatches = 0;
					for (int n = 0; n < 30_000; n++) {
						String peer = peers.get((n * 7 + offset * 131) % peers.size());
						ClientKey expected = ClientKey.of(ClientKey.Kind.ADDRESS, addresses.resolve(from(peer)));
						if (!this.resolver.resolve(from(peer)).equals(expected)) {
							mismatches++;
						}
					}
					return mismatches;
				}));
			}
			for (Future<Long> mismatches : wrong) {
				assertThat(mismatches.get(120, TimeUnit.SECONDS)).isZero();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

}
