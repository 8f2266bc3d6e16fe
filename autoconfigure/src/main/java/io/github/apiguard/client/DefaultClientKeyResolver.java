package io.github.apiguard.client;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The authenticated principal ({@link ClientPrincipals#authenticated}), else the client's address
 * ({@link ClientAddressResolver}). A principal that authenticated with an OAuth 2.0 token is scoped by the
 * token's issuer ({@link ClientPrincipals#issuer}): subject {@code 42} of two issuers is two clients. A
 * credential the request presents but nothing verified (an {@code X-API-Key} or bearer token on an endpoint
 * that does not authenticate) is not an identity: anyone can send anyone's key id, or a fresh key per
 * request.
 */
public final class DefaultClientKeyResolver implements ClientKeyResolver {

	private final ClientAddressResolver addresses;

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
			return (issuer != null) ? ClientKey.of(ClientKey.Kind.PRINCIPAL, issuer, principal.getName())
					: ClientKey.of(ClientKey.Kind.PRINCIPAL, principal.getName());
		}
		return ClientKey.of(ClientKey.Kind.ADDRESS, this.addresses.resolve(request));
	}

}
