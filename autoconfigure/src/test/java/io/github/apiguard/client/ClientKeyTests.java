package io.github.apiguard.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientKeyTests {

	@Test
	void aScopedIdentityIsHashedLikeAnyOther() {
		ClientKey key = ClientKey.of(ClientKey.Kind.PRINCIPAL, "https://login.a.example", "42");
		assertThat(key.kind()).isEqualTo(ClientKey.Kind.PRINCIPAL);
		assertThat(key.value()).startsWith("p~").hasSize(24).doesNotContain("login", "42");
	}

	@Test
	void scopesNeverRunIntoEachOther() {
		assertThat(ClientKey.of(ClientKey.Kind.PRINCIPAL, "https://login.a.example", "42"))
			.isNotEqualTo(ClientKey.of(ClientKey.Kind.PRINCIPAL, "https://login.b.example", "42"))
			.isEqualTo(ClientKey.of(ClientKey.Kind.PRINCIPAL, "https://login.a.example", "42"));
		assertThat(ClientKey.of(ClientKey.Kind.PRINCIPAL, "ab", "c"))
			.isNotEqualTo(ClientKey.of(ClientKey.Kind.PRINCIPAL, "a", "bc"));
	}

	@Test
	void noUnscopedNameCanPassForAScopedOne() {
		// Whatever a user may call himself, even the very text a scoped key is hashed from.
		ClientKey scoped = ClientKey.of(ClientKey.Kind.PRINCIPAL, "realm", "alice");
		assertThat(ClientKey.of(ClientKey.Kind.PRINCIPAL, "5:realmalice")).isNotEqualTo(scoped);
		assertThat(ClientKey.of(ClientKey.Kind.PRINCIPAL, "alice").value()).startsWith("p:");
	}

}
