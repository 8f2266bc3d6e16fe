package io.github.apiguard.ratelimit;

import java.util.List;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * A named set of limits per tier. A policy applies to the requests whose path matches one of its
 * {@code paths} (global limits) and to handlers annotated {@link RateLimited @RateLimited} with its name.
 *
 * @param name the name
 * @param paths path patterns ({@code PathPattern} syntax, e.g. {@code /api/**}) the policy applies to;
 * empty for annotated handlers only
 * @param cost the units a request matched by path consumes
 * @param limits per tier, its limits; a tier without an entry gets the default tier's
 */
public record RateLimitPolicy(String name, List<String> paths, long cost, Map<String, List<Limit>> limits) {

	public RateLimitPolicy {
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(cost > 0, "'cost' must be positive");
		paths = List.copyOf(paths);
		limits = Map.copyOf(limits);
	}

	/**
	 * The limits of a tier.
	 * @param tier the client's tier
	 * @param defaultTier the tier whose limits apply when {@code tier} has none
	 * @return the limits, possibly empty
	 */
	public List<Limit> limitsFor(String tier, String defaultTier) {
		List<Limit> forTier = this.limits.get(tier);
		return (forTier != null) ? forTier : this.limits.getOrDefault(defaultTier, List.of());
	}

}
