package io.github.apiguard.ratelimit;

/**
 * What a request gets while the rate limiter's backend (Redis) cannot be reached.
 */
public enum OutagePolicy {

	/** Admit the request unlimited (fail open); every such request is logged at most once per outage and counted. */
	ALLOW,

	/** Reject the request with 503 {@code service_unavailable} (fail closed). */
	DENY,

	/** Limit the request in this JVM's memory until the backend is back (per-node limits meanwhile). */
	LOCAL

}
