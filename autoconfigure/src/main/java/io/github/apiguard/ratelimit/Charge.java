package io.github.apiguard.ratelimit;

import org.springframework.util.Assert;

/**
 * What one request asks of one limit: the limit, the policy it belongs to and how many units it costs.
 *
 * @param policy the policy name
 * @param limit the limit
 * @param cost the units to consume, at least 1
 */
public record Charge(String policy, Limit limit, long cost) {

	public Charge {
		Assert.hasText(policy, "'policy' must not be empty");
		Assert.notNull(limit, "'limit' must not be null");
		Assert.isTrue(cost > 0, "'cost' must be positive");
	}

	/**
	 * The name of this limit's state, unique per client: {@code <policy>:<limit>:<fingerprint>}, the last
	 * part being the limit's {@link Limit#stateFingerprint() definition}, so that a limit redefined under
	 * the same name never reads the old definition's state.
	 * @return the state id
	 */
	public String stateId() {
		return this.policy + ":" + this.limit.name() + ":" + this.limit.stateFingerprint();
	}

}
