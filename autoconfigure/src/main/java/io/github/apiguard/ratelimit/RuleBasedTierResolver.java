package io.github.apiguard.ratelimit;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The tier of the first matching rule, else the default tier. A rule matches by the prefix of the
 * presented API key (a bearer token, or one of the API key headers: {@code pk_} for public keys) or by an
 * authority of the authenticated principal ({@code ROLE_PARTNER}, {@code SCOPE_premium}).
 */
public final class RuleBasedTierResolver implements RateLimitTierResolver {

	private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.core.context.SecurityContextHolder", RuleBasedTierResolver.class.getClassLoader());

	private final List<Rule> rules;

	private final String defaultTier;

	private final List<String> apiKeyHeaders;

	/**
	 * Creates a resolver.
	 * @param rules the rules, first match wins
	 * @param defaultTier the tier when no rule matches
	 * @param apiKeyHeaders headers that carry an API key besides {@code Authorization: Bearer}
	 */
	public RuleBasedTierResolver(List<Rule> rules, String defaultTier, List<String> apiKeyHeaders) {
		this.rules = List.copyOf(rules);
		this.defaultTier = defaultTier;
		this.apiKeyHeaders = List.copyOf(apiKeyHeaders);
	}

	@Override
	public String resolve(HttpServletRequest request) {
		if (this.rules.isEmpty()) {
			return this.defaultTier;
		}
		String apiKey = apiKey(request);
		Set<String> authorities = null;
		for (Rule rule : this.rules) {
			if (apiKey != null && rule.apiKeyPrefixes().stream().anyMatch(apiKey::startsWith)) {
				return rule.tier();
			}
			if (!rule.authorities().isEmpty()) {
				if (authorities == null) {
					authorities = authorities(request);
				}
				if (rule.authorities().stream().anyMatch(authorities::contains)) {
					return rule.tier();
				}
			}
		}
		return this.defaultTier;
	}

	private @Nullable String apiKey(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return authorization.substring(7).trim();
		}
		for (String header : this.apiKeyHeaders) {
			String key = request.getHeader(header);
			if (StringUtils.hasText(key)) {
				return key.trim();
			}
		}
		return null;
	}

	private static Set<String> authorities(HttpServletRequest request) {
		if (SECURITY_PRESENT) {
			return SecurityAuthorities.of();
		}
		return Set.of();
	}

	/**
	 * One rule: the tier of clients whose API key starts with one of the prefixes or whose principal has
	 * one of the authorities.
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

	/**
	 * Reads Spring Security's authorities; a separate class so this one loads without Spring Security.
	 */
	private static final class SecurityAuthorities {

		static Set<String> of() {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication == null || !authentication.isAuthenticated()) {
				return Set.of();
			}
			Collection<? extends GrantedAuthority> granted = authentication.getAuthorities();
			return granted.stream()
				.map(GrantedAuthority::getAuthority)
				.filter(StringUtils::hasText)
				.collect(Collectors.toSet());
		}

	}

}
