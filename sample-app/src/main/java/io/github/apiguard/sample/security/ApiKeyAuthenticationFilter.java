package io.github.apiguard.sample.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.github.apiguard.sample.SampleProperties;

/**
 * Authenticates {@code Authorization: Bearer <api key>} against the keys in {@code sample.api-keys}. A
 * missing or unknown key leaves the request anonymous, so the chain answers 401 through its entry point —
 * which is apiguard's, with no code here.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	private static final String PREFIX = "Bearer ";

	private final Map<String, SampleProperties.ApiKey> keys;

	ApiKeyAuthenticationFilter(Map<String, SampleProperties.ApiKey> keys) {
		this.keys = Map.copyOf(keys);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		String presented = (header != null && header.startsWith(PREFIX)) ? header.substring(PREFIX.length()) : null;
		SampleProperties.ApiKey key = (presented != null) ? this.keys.get(presented) : null;
		if (key == null) {
			chain.doFilter(request, response);
			return;
		}
		List<GrantedAuthority> authorities = new ArrayList<>();
		key.scopes().forEach((scope) -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
		authorities.add(new SimpleGrantedAuthority("TIER_" + key.tier()));
		SecurityContextHolder.getContext().setAuthentication(new ApiKeyAuthentication(key.client(), presented, key.tier(), authorities));
		chain.doFilter(request, response);
	}

}
