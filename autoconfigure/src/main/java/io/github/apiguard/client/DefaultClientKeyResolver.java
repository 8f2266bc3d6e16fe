package io.github.apiguard.client;

import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;

/**
 * The authenticated principal, else a hash of the presented credential ({@code Authorization}, or one of
 * the configured API key headers), else the client address the server resolved.
 */
public final class DefaultClientKeyResolver implements ClientKeyResolver {

	private final List<String> apiKeyHeaders;

	private final ClientAddressResolver addresses;

	/**
	 * Creates a resolver.
	 * @param apiKeyHeaders headers carrying an API key, e.g. {@code X-API-Key}
	 * @param addresses resolves the client address
	 */
	public DefaultClientKeyResolver(List<String> apiKeyHeaders, ClientAddressResolver addresses) {
		this.apiKeyHeaders = List.copyOf(apiKeyHeaders);
		this.addresses = addresses;
	}

	@Override
	public ClientKey resolve(HttpServletRequest request) {
		Principal principal = request.getUserPrincipal();
		if (principal != null && StringUtils.hasText(principal.getName())) {
			return ClientKey.of(ClientKey.Kind.PRINCIPAL, principal.getName());
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (StringUtils.hasText(authorization)) {
			return ClientKey.of(ClientKey.Kind.CREDENTIAL, authorization.trim());
		}
		for (String header : this.apiKeyHeaders) {
			String key = request.getHeader(header);
			if (StringUtils.hasText(key)) {
				return ClientKey.of(ClientKey.Kind.CREDENTIAL, key.trim());
			}
		}
		return ClientKey.of(ClientKey.Kind.ADDRESS, this.addresses.resolve(request));
	}

}
