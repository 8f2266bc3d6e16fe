package io.github.apiguard.sample.security;

import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * An authenticated API key. The principal name is the client the key belongs to, so that everything
 * keyed by client (builds, idempotency scopes, rate limits) is per client, not per key. The credentials are
 * the key itself: apiguard's tier rules match the prefix of the key that authenticated ({@code pk_},
 * {@code pt_}), never of a header the request merely carries.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

	private final String client;

	private final String key;

	private final String tier;

	ApiKeyAuthentication(String client, String key, String tier, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.client = client;
		this.key = key;
		this.tier = tier;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return this.key;
	}

	@Override
	public Object getPrincipal() {
		return this.client;
	}

	/**
	 * The key's rate-limit tier.
	 * @return the tier, e.g. {@code secret_key}
	 */
	public String getTier() {
		return this.tier;
	}

}
