package io.github.apiguard.client;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells clients apart, for idempotency scopes and rate-limit counters. The default,
 * {@link DefaultClientKeyResolver}, takes the authenticated principal, else the client address; declare a
 * bean to use, for example, a tenant id instead.
 */
@FunctionalInterface
public interface ClientKeyResolver {

	/**
	 * Identifies the client of a request.
	 * @param request the request
	 * @return the client's key, never {@code null}
	 */
	ClientKey resolve(HttpServletRequest request);

}
