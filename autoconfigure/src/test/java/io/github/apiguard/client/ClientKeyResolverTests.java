package io.github.apiguard.client;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientKeyResolverTests {

	@Test
	void anAuthenticatedPrincipalWinsAndIsNeverStoredInClear() {
		MockHttpServletRequest request = request("203.0.113.9");
		request.setUserPrincipal(() -> "alice@example.com");
		request.addHeader("Authorization", "Bearer secret-token");
		ClientKey key = resolver().resolve(request);
		assertThat(key.kind()).isEqualTo(ClientKey.Kind.PRINCIPAL);
		assertThat(key.value()).startsWith("p:").doesNotContain("alice");
	}

	@Test
	void aPresentedButUnverifiedCredentialIsNoIdentity() {
		MockHttpServletRequest bearer = request("203.0.113.9");
		bearer.addHeader("Authorization", "Bearer pt_live_demo_admin");
		MockHttpServletRequest apiKey = request("203.0.113.9");
		apiKey.addHeader("X-API-Key", "pt_live_demo_admin");
		ClientKey byAddress = resolver().resolve(request("203.0.113.9"));
		assertThat(byAddress.kind()).isEqualTo(ClientKey.Kind.ADDRESS);
		assertThat(resolver().resolve(bearer)).isEqualTo(byAddress);
		assertThat(resolver().resolve(apiKey)).isEqualTo(byAddress);
	}

	private static DefaultClientKeyResolver resolver() {
		return new DefaultClientKeyResolver(new ClientAddressResolver());
	}

	private static MockHttpServletRequest request(String remoteAddress) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/builds");
		request.setRemoteAddr(remoteAddress);
		return request;
	}

}
