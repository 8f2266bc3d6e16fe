package io.github.apiguard.client;

import java.security.Principal;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated principal ({@link ClientPrincipals#authenticated}), else the client's address
 * ({@link ClientAddressResolver}). A principal that authenticated with an OAuth 2.0 token is scoped by the
 * token's issuer ({@link ClientPrincipals#issuer}): subject {@code 42} of two issuers is two clients. A
 * credential the request presents but nothing verified (an {@code X-API-Key} or bearer token on an endpoint
 * that does not authenticate) is not an identity: anyone can send anyone's key id, or a fresh key per
 * request.
 */
public final class DefaultClientKeyResolver implements ClientKeyResolver {

	/** Recently seen identities and their keys; a power of two. */
	private static final int CACHE_SIZE = 1024;

	private final ClientAddressResolver addresses;

	private final Cached[] cache = new Cached[CACHE_SIZE];

	/**
	 * Creates a resolver.
	 * @param addresses resolves the client address
	 */
	public DefaultClientKeyResolver(ClientAddressResolver addresses) {
		this.addresses = addresses;
	}

	@Override
	public ClientKey resolve(HttpServletRequest request) {
		Principal principal = ClientPrincipals.authenticated(request);
		if (principal != null) {
			String issuer = ClientPrincipals.issuer(principal);
			String name = principal.getName();
			if (name.equals(ClientPrincipals.credential(principal))) {
				// A principal named by its credential (an API key as the principal): never kept past its request.
				return (issuer != null) ? ClientKey.of(ClientKey.Kind.PRINCIPAL, issuer, name)
						: ClientKey.of(ClientKey.Kind.PRINCIPAL, name);
			}
			return cached(ClientKey.Kind.PRINCIPAL, issuer, name);
		}
		return cached(ClientKey.Kind.ADDRESS, null, this.addresses.resolve(request));
	}

	/**
	 * The key of an identity, hashed once per identity while it stays among the recently seen: a small
	 * direct-mapped table, so a hit allocates nothing and a miss (or a flood of new identities) costs what
	 * hashing always did. It holds principal names and addresses only, the identities the request carried
	 * anyway; never a credential.
	 */
	private ClientKey cached(ClientKey.Kind kind, @Nullable String scope, String identity) {
		int hash = identity.hashCode() * 31 + ((scope != null) ? scope.hashCode() : 0);
		int slot = (hash ^ (hash >>> 16) ^ kind.ordinal()) & (CACHE_SIZE - 1);
		Cached entry = this.cache[slot];
		if (entry != null && entry.kind == kind && entry.identity.equals(identity)
				&& Objects.equals(entry.scope, scope)) {
			return entry.key;
		}
		ClientKey key = (scope != null) ? ClientKey.of(kind, scope, identity) : ClientKey.of(kind, identity);
		// A racing write loses one entry, never consistency: entries are immutable and read whole.
		this.cache[slot] = new Cached(kind, scope, identity, key);
		return key;
	}

	private record Cached(ClientKey.Kind kind, @Nullable String scope, String identity, ClientKey key) {
	}

}
