package io.github.apiguard.client;

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

}
