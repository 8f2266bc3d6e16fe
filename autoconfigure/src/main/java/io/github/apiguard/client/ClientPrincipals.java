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

	private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.core.context.SecurityContextHolder", ClientPrincipals.class.getClassLoader());

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
	 * The credential a principal authenticated with, when its {@code Authentication} still carries it as
	 * text: an API key, as a {@code PreAuthenticatedAuthenticationToken} carries it. Spring Security erases
	 * passwords after authentication, so a password never shows here.
	 * @param principal an authenticated principal
	 * @return the credential, or {@code null}
	 */
	public static @Nullable String credential(Principal principal) {
		return SECURITY_PRESENT ? SecurityPrincipals.credential(principal) : null;
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
			return (credentials instanceof CharSequence text && StringUtils.hasText(text)) ? text.toString() : null;
		}

	}

}
