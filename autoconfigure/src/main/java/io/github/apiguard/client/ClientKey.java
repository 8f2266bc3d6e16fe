package io.github.apiguard.client;

import org.springframework.util.Assert;

import io.github.apiguard.hash.Sha256;

/**
 * Who a request comes from, as idempotency scopes keys and rate limits count requests. The value never
 * holds a raw credential or principal name: it is a truncated SHA-256, prefixed by its kind, safe to use in
 * store keys and logs.
 *
 * @param kind how the client was identified
 * @param value the opaque, stable identifier, e.g. {@code p:3q2+7w...}
 */
public record ClientKey(Kind kind, String value) {

	public ClientKey {
		Assert.notNull(kind, "'kind' must not be null");
		Assert.hasText(value, "'value' must not be empty");
	}

	/**
	 * A key for an identity, hashed.
	 * @param kind how the client was identified
	 * @param identity the raw identity (principal name, credential, address)
	 * @return the key
	 */
	public static ClientKey of(Kind kind, String identity) {
		return new ClientKey(kind, kind.prefix + ":" + hash(identity));
	}

	/**
	 * A key for an identity that is unique only within a scope: a subject within its token issuer, a name
	 * within one of several authentication realms. Keys of different scopes never meet, nor does a scoped key
	 * meet an unscoped one ({@link #of(Kind, String)}), whatever the texts.
	 * @param kind how the client was identified
	 * @param scope where the identity is unique, e.g. the issuer {@code https://login.example.com}
	 * @param identity the raw identity within the scope
	 * @return the key
	 */
	public static ClientKey of(Kind kind, String scope, String identity) {
		Assert.notNull(scope, "'scope' must not be null");
		// The length prefix keeps ("ab", "c") and ("a", "bc") apart; the '~' keeps scoped keys apart from
		// unscoped ones, whose values have a ':' there.
		return new ClientKey(kind, kind.prefix + "~" + hash(scope.length() + ":" + scope + identity));
	}

	private static String hash(String identity) {
		// 128 bits: collisions are out of reach while keys stay short in the store.
		return Sha256.truncatedBase64Url(identity, 16);
	}

	/**
	 * How a client was identified, strongest first.
	 */
	public enum Kind {

		/** The authenticated principal. */
		PRINCIPAL("p"),

		/**
		 * A credential something verified before the application (a gateway), for a custom
		 * {@link ClientKeyResolver}; the default one never uses a credential the request merely presents.
		 */
		CREDENTIAL("c"),

		/** The client's network address; weak, since many clients may share one. */
		ADDRESS("a");

		private final String prefix;

		Kind(String prefix) {
			this.prefix = prefix;
		}

	}

}
