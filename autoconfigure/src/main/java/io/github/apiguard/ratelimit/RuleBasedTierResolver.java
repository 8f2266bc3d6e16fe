package io.github.apiguard.ratelimit;

import java.security.Principal;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import io.github.apiguard.client.ClientPrincipals;

/**
 * The tier of the first matching rule, else the default tier. Rules match the authenticated principal
 * ({@link ClientPrincipals}), the same source the default client key comes from, so a client cannot keep its
 * bucket and change its tier with another header: by the prefix of the credential it authenticated with
 * ({@code pk_} for public keys; {@link ClientPrincipals#credential}) or by one of its authorities
 * ({@code ROLE_PARTNER}, {@code SCOPE_premium}). Before authentication every client is in the default tier.
 */
public final class RuleBasedTierResolver implements RateLimitTierResolver {

	private final List<Rule> rules;

	private final String defaultTier;

	/**
	 * Creates a resolver.
	 * @param rules the rules, first match wins
	 * @param defaultTier the tier when no rule matches, and of every client before authentication
	 */
	public RuleBasedTierResolver(List<Rule> rules, String defaultTier) {
		this.rules = List.copyOf(rules);
		this.defaultTier = defaultTier;
	}

	@Override
	public String resolve(HttpServletRequest request) {
		if (this.rules.isEmpty()) {
			return this.defaultTier;
		}
		Principal principal = ClientPrincipals.authenticated(request);
		if (principal == null) {
			return this.defaultTier;
		}
		String credential = ClientPrincipals.credential(principal);
		Set<String> authorities = null;
		for (Rule rule : this.rules) {
			if (credential != null && rule.apiKeyPrefixes().stream().anyMatch(credential::startsWith)) {
				return rule.tier();
			}
			if (!rule.authorities().isEmpty()) {
				if (authorities == null) {
					authorities = ClientPrincipals.authorities(principal);
				}
				if (rule.authorities().stream().anyMatch(authorities::contains)) {
					return rule.tier();
				}
			}
		}
		return this.defaultTier;
	}

	/**
	 * One rule: the tier of clients that authenticated with an API key starting with one of the prefixes,
	 * or whose principal has one of the authorities.
	 *
	 * @param tier the tier
	 * @param apiKeyPrefixes API key prefixes, e.g. {@code pk_}
	 * @param authorities authorities, e.g. {@code ROLE_ADMIN}
	 */
	public record Rule(String tier, List<String> apiKeyPrefixes, List<String> authorities) {

		public Rule {
			apiKeyPrefixes = List.copyOf(apiKeyPrefixes);
			authorities = List.copyOf(authorities);
		}

	}

}
