package io.github.apiguard.ratelimit;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Maps a request's client to a tier, whose limits then apply. The default follows the rules under
 * {@code apiguard.rate-limit.tiers} (API key prefix, principal authority); declare a bean to look the plan
 * up elsewhere, for example in the account's subscription.
 */
@FunctionalInterface
public interface RateLimitTierResolver {

	/**
	 * The tier of the client of a request.
	 * @param request the request, after authentication
	 * @return the tier name, never {@code null}
	 */
	String resolve(HttpServletRequest request);

}
