package io.github.apiguard.client;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientKeyResolverTests {

	@Test
	void anAuthenticatedPrincipalWinsAndIsNeverStoredInClear() {
		MockHttpServletRequest request = request("203.0.113.9");
		request.setUserPrincipal(() -> "alice@example.com");
		request.addHeader("Authorization", "Bearer secret-token");
		ClientKey key = resolver(List.of()).resolve(request);
		assertThat(key.kind()).isEqualTo(ClientKey.Kind.PRINCIPAL);
		assertThat(key.value()).startsWith("p:").doesNotContain("alice");
	}

	@Test
	void aPresentedCredentialIsHashed() {
		MockHttpServletRequest bearer = request("203.0.113.9");
		bearer.addHeader("Authorization", "Bearer pt_live_demo_admin");
		MockHttpServletRequest apiKey = request("203.0.113.9");
		apiKey.addHeader("X-API-Key", "pt_live_demo_admin");
		ClientKey fromBearer = resolver(List.of()).resolve(bearer);
		assertThat(fromBearer.kind()).isEqualTo(ClientKey.Kind.CREDENTIAL);
		assertThat(fromBearer.value()).doesNotContain("pt_live");
		assertThat(resolver(List.of()).resolve(apiKey).kind()).isEqualTo(ClientKey.Kind.CREDENTIAL);
	}

	@Test
	void aSpoofedForwardedForFromAnUntrustedPeerIsIgnored() {
		MockHttpServletRequest request = request("198.51.100.7");
		request.addHeader("X-Forwarded-For", "1.2.3.4");
		ClientKey spoofed = resolver(List.of("10.0.0.0/8")).resolve(request);
		assertThat(spoofed).isEqualTo(resolver(List.of("10.0.0.0/8")).resolve(request("198.51.100.7")));
	}

	@Test
	void behindTrustedProxiesTheFirstUntrustedHopFromTheRightIsTheClient() {
		ClientAddressResolver addresses = new ClientAddressResolver(List.of("10.0.0.0/8", "192.168.1.1"));
		MockHttpServletRequest request = request("10.1.2.3");
		// The client prepended a fake hop; the proxies appended the real one and themselves.
		request.addHeader("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 192.168.1.1");
		assertThat(addresses.resolve(request)).isEqualTo("198.51.100.7");
	}

	@Test
	void rfc7239ForwardedIsPreferredAndPortsAndBracketsAreStripped() {
		ClientAddressResolver addresses = new ClientAddressResolver(List.of("10.0.0.1"));
		MockHttpServletRequest request = request("10.0.0.1");
		request.addHeader("Forwarded", "for=\"[2001:db8:cafe::17]:4711\";proto=https, for=10.0.0.1");
		request.addHeader("X-Forwarded-For", "9.9.9.9");
		assertThat(addresses.resolve(request)).isEqualTo("2001:db8:cafe::17");
	}

	@Test
	void hostNamesInForwardingHeadersAreNeverResolved() {
		ClientAddressResolver addresses = new ClientAddressResolver(List.of("10.0.0.1"));
		MockHttpServletRequest request = request("10.0.0.1");
		request.addHeader("X-Forwarded-For", "attacker.example, evil.internal");
		assertThat(addresses.resolve(request)).isEqualTo("evil.internal");
	}

	@Test
	void invalidTrustedProxyRangesFailFast() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressResolver(List.of("proxy.local")));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/33")));
	}

	private static DefaultClientKeyResolver resolver(List<String> trustedProxies) {
		return new DefaultClientKeyResolver(List.of("X-API-Key"), new ClientAddressResolver(trustedProxies));
	}

	private static MockHttpServletRequest request(String remoteAddress) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/builds");
		request.setRemoteAddr(remoteAddress);
		return request;
	}

}
