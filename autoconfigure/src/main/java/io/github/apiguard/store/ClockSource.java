package io.github.apiguard.store;

/**
 * Whose clock a Redis-backed store uses for leases, expiry and limits.
 */
public enum ClockSource {

	/** The Redis server's {@code TIME}: one clock for every node, whatever their own clocks say. */
	SERVER,

	/** The application's {@link java.time.Clock} bean: for tests that move time by hand. */
	APPLICATION

}
