package io.github.apiguard.client;

import java.security.Principal;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The authenticated principal of a request, the one source from which the default client key and the default
 * tier rules are both taken, so a client cannot keep one and change the other. With Spring Security it is the
 * current {@code Authentication} when it is authenticated and not anonymous; without, the servlet
 * container's {@link HttpServletRequest#getUserPrincipal()}. A credential that the request merely presents
 * is never a principal: only what authenticated it counts.
 */
public final class ClientPrincipals {

	private static final ClassLoader CLASS_LOADER = ClientPrincipals.class.getClassLoader();

	private static final boolean SECURITY_PRESENT = ClassUtils
		.isPresent("org.springframework.security.core.context.SecurityContextHolder", CLASS_LOADER);

	private static final boolean OAUTH2_PRESENT = SECURITY_PRESENT
			&& ClassUtils.isPresent("org.springframework.security.oauth2.core.OAuth2Token", CLASS_LOADER);

	private static final boolean RESOURCE_SERVER_PRESENT = OAUTH2_PRESENT && ClassUtils.isPresent(
			"org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken",
			CLASS_LOADER);

	private ClientPrincipals() {
	}

	/**
	 * The request's authenticated principal.
	 * @param request the request
	 * @return the principal, or {@code null} before (or without) authentication
	 */
	public static @Nullable Principal authenticated(HttpServletRequest request) {
		Principal principal = SECURITY_PRESENT ? SecurityPrincipals.authenticated(request) : request.getUserPrincipal();
		return (principal != null && StringUtils.hasText(principal.getName())) ? principal : null;
	}

	/**
	 * The authorities granted to a principal, e.g. {@code ROLE_PARTNER} or {@code SCOPE_premium}.
	 * @param principal an authenticated principal
	 * @return its authorities; none unless it is a Spring Security {@code Authentication}
	 */
	public static Set<String> authorities(Principal principal) {
		return SECURITY_PRESENT ? SecurityPrincipals.authorities(principal) : Set.of();
	}

	/**
	 * The credential a principal authenticated with, when its {@code Authentication} still carries it: text
	 * credentials (an API key, as a {@code PreAuthenticatedAuthenticationToken} carries it) or an OAuth 2.0
	 * token's value. Spring Security erases passwords after authentication, so a password never shows here.
	 * @param principal an authenticated principal
	 * @return the credential, or {@code null}
	 */
	public static @Nullable String credential(Principal principal) {
		return SECURITY_PRESENT ? SecurityPrincipals.credential(principal) : null;
	}

	/**
	 * The issuer in whose namespace a principal's name is unique, when it authenticated with an OAuth 2.0
	 * token (a JWT, or an opaque token whose introspection names an issuer): the token's {@code iss}.
	 * Two issuers may both have a subject {@code 42}; they are different clients.
	 * @param principal an authenticated principal
	 * @return the issuer, or {@code null} for principals without one (or without Spring Security's
	 * OAuth 2.0 resource server support on the class path)
	 */
	public static @Nullable String issuer(Principal principal) {
		return RESOURCE_SERVER_PRESENT ? OAuth2Principals.issuer(principal) : null;
	}

	/**
	 * Reads Spring Security; a separate class so that this one loads without it.
	 */
	private static final class SecurityPrincipals {

		private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

		static @Nullable Principal authenticated(HttpServletRequest request) {
			Authentication current = SecurityContextHolder.getContext().getAuthentication();
			if (TRUST.isAuthenticated(current)) {
				return current;
			}
			Principal principal = request.getUserPrincipal();
			if (principal instanceof Authentication authentication) {
				return TRUST.isAuthenticated(authentication) ? authentication : null;
			}
			return principal;
		}

		static Set<String> authorities(Principal principal) {
			if (!(principal instanceof Authentication authentication)) {
				return Set.of();
			}
			Collection<? extends GrantedAuthority> granted = authentication.getAuthorities();
			return granted.stream()
				.map(GrantedAuthority::getAuthority)
				.filter(StringUtils::hasText)
				.collect(Collectors.toUnmodifiableSet());
		}

		static @Nullable String credential(Principal principal) {
			if (!(principal instanceof Authentication authentication)) {
				return null;
			}
			Object credentials = authentication.getCredentials();
			if (credentials instanceof CharSequence text) {
				return StringUtils.hasText(text) ? text.toString() : null;
			}
			return OAUTH2_PRESENT ? OAuth2Principals.tokenValue(credentials) : null;
		}

	}

	/**
	 * Reads OAuth 2.0 tokens; a separate class so that this one loads without Spring Security's OAuth 2.0
	 * support.
	 */
	private static final class OAuth2Principals {

		static @Nullable String tokenValue(@Nullable Object credentials) {
			return (credentials instanceof OAuth2Token token) ? token.getTokenValue() : null;
		}

		static @Nullable String issuer(Principal principal) {
			if (!(principal instanceof AbstractOAuth2TokenAuthenticationToken<?> token)) {
				return null;
			}
			Object issuer = token.getTokenAttributes().get("iss");
			return (issuer != null && StringUtils.hasText(issuer.toString())) ? issuer.toString() : null;
		}

	}

}
