package io.github.apiguard.store;

/**
 * What a request gets while a guard's store cannot be reached: the circuit breaker in front of the store is
 * open, or a call to it failed with an outage ({@code apiguard.<feature>.outage.policy}).
 */
public enum OutagePolicy {

	/**
	 * Let the request through without the guard (fail open): rate limits admit it unlimited, idempotency runs
	 * it without its key. Logged and counted.
	 */
	ALLOW,

	/** Answer 503 {@code service_unavailable} with {@code Retry-After} (fail closed). */
	DENY,

	/**
	 * Rate limits only: limit the request in this JVM's memory until the store is back (per-node limits
	 * meanwhile). Idempotency has no local equivalent — a key claimed on one node would not be seen by the
	 * others — and refuses it at start-up.
	 */
	LOCAL

}
