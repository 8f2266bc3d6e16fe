package io.github.apiguard.client;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultClientKeyResolverTests {

	private final DefaultClientKeyResolver resolver = new DefaultClientKeyResolver(List.of("X-API-Key"),
			new ClientAddressResolver(List.of("10.0.0.0/8")));

	private static MockHttpServletRequest from(String peer) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/ping");
		request.setRemoteAddr(peer);
		return request;
	}

	@Test
	void aSpoofedForwardedForFromAnUntrustedPeerDoesNotChangeTheKey() {
		ClientKey plain = this.resolver.resolve(from("203.0.113.7"));
		MockHttpServletRequest spoofed = from("203.0.113.7");
		spoofed.addHeader("X-Forwarded-For", "198.51.100.1");
		MockHttpServletRequest spoofedForwarded = from("203.0.113.7");
		spoofedForwarded.addHeader("Forwarded", "for=198.51.100.2");
		assertThat(this.resolver.resolve(spoofed)).isEqualTo(plain);
		assertThat(this.resolver.resolve(spoofedForwarded)).isEqualTo(plain);
		assertThat(plain.kind()).isEqualTo(ClientKey.Kind.ADDRESS);
	}

	@Test
	void aTrustedProxysForwardedForNamesTheClient() {
		MockHttpServletRequest viaProxy = from("10.1.2.3");
		viaProxy.addHeader("X-Forwarded-For", "198.51.100.1, 10.9.9.9");
		assertThat(this.resolver.resolve(viaProxy)).isEqualTo(this.resolver.resolve(from("198.51.100.1")));
	}

	@Test
	void aClientCannotPrependAnAddressThroughATrustedProxy() {
		// The proxy appends the real peer; whatever the client sent before it is not believed.
		MockHttpServletRequest viaProxy = from("10.1.2.3");
		viaProxy.addHeader("X-Forwarded-For", "198.51.100.99, 203.0.113.7");
		assertThat(this.resolver.resolve(viaProxy)).isEqualTo(this.resolver.resolve(from("203.0.113.7")));
	}

	@Test
	void aPresentedApiKeyWinsOverTheAddressAndIsHashed() {
		MockHttpServletRequest request = from("203.0.113.7");
		request.addHeader("X-API-Key", "sk_live_secret");
		ClientKey key = this.resolver.resolve(request);
		assertThat(key.kind()).isEqualTo(ClientKey.Kind.CREDENTIAL);
		assertThat(key.value()).doesNotContain("sk_live_secret");
	}

}
