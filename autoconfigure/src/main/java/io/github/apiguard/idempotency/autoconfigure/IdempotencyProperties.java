package io.github.apiguard.idempotency.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import io.github.apiguard.store.ClockSource;
import io.github.apiguard.store.OutagePolicy;
import io.github.apiguard.store.StoreType;
import io.github.apiguard.store.autoconfigure.OutageProperties;

/**
 * Configuration of Idempotency-Key handling ({@code apiguard.idempotency.*}).
 *
 * @param enabled Whether requests carrying an Idempotency-Key are deduplicated.
 * @param header The request header carrying the key.
 * @param methods The HTTP methods handled without an @Idempotent annotation.
 * @param requireKey Whether every request with one of those methods must carry a key (400
 * idempotency_key_missing otherwise); @Idempotent requires it per endpoint.
 * @param ttl How long a completed response is kept for replay; @Idempotent(ttl) overrides it per endpoint.
 * @param lease How long a claimed key counts as in flight (409 idempotency_in_flight) without renewal; it is
 * renewed every third of it while the handler runs. Once it runs out with no outcome recorded (a crash),
 * retries answer 409 idempotency_outcome_unknown.
 * @param maxRequestSize The largest request body fingerprinted; an idempotent request with a larger body is
 * answered with 413.
 * @param maxResponseSize The largest response body stored; a larger one is recorded as completed without its
 * body and replayed with an empty body and Idempotent-Body-Omitted: true.
 * @param replayHeaders The response headers stored and replayed. Set-Cookie, Date, Retry-After, rate-limit
 * headers and the request id are never replayed, whatever this list says.
 * @param store Where records are kept: auto (Redis when a RedisConnectionFactory bean exists, otherwise in
 * memory; never the database), memory, redis or jdbc (the application's DataSource, see
 * apiguard.idempotency.jdbc.*).
 * @param storeServerErrors Whether unexpected 500 responses are stored and replayed (as Stripe does) rather
 * than releasing the key so that a retry runs again.
 * @param outage What idempotent requests get while the store cannot be reached, and the circuit breaker in
 * front of the Redis and JDBC stores.
 * @param memory The in-memory store.
 * @param redis The Redis store.
 */
@ConfigurationProperties("apiguard.idempotency")
public record IdempotencyProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("Idempotency-Key") String header, @DefaultValue({ "POST", "PATCH" }) List<String> methods,
		boolean requireKey, @DefaultValue("24h") Duration ttl, @DefaultValue("30s") Duration lease,
		@DefaultValue("1MB") DataSize maxRequestSize, @DefaultValue("1MB") DataSize maxResponseSize,
		@DefaultValue({ "Content-Type", "Content-Language", "Content-Location", "Content-Disposition", "Location",
				"ETag", "Last-Modified", "Link", "Preference-Applied" }) List<String> replayHeaders,
		boolean storeServerErrors, @DefaultValue("auto") StoreType store,
		@NestedConfigurationProperty @DefaultValue OutageProperties outage, @DefaultValue Memory memory,
		@DefaultValue Redis redis) {

	/** The longest TTL: the stores count in milliseconds since the epoch, and their sums must not overflow. */
	private static final Duration MAX_TTL = Duration.ofDays(3650);

	private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);

	public IdempotencyProperties {
		outage = outage.withDefaultPolicy(OutagePolicy.DENY);
		outage.validate("apiguard.idempotency.outage");
		if (outage.policy() == OutagePolicy.LOCAL) {
			throw new InvalidConfigurationPropertyValueException("apiguard.idempotency.outage.policy", "local",
					"Idempotency has no local fallback: a key claimed in one node's memory is not seen by the others, "
							+ "so a retry landing elsewhere would run again. Use deny (503 with Retry-After, the "
							+ "default) or allow (requests run without their key while the store is down).");
		}
		// The stores keep leases and expiries in whole milliseconds: less than 1 ms would be none at all.
		if (ttl.compareTo(ONE_MILLISECOND) < 0 || ttl.compareTo(MAX_TTL) > 0) {
			throw new InvalidConfigurationPropertyValueException("apiguard.idempotency.ttl", ttl,
					"The TTL must be at least 1ms and at most 3650 days, e.g. 24h.");
		}
		if (lease.compareTo(ONE_MILLISECOND) < 0) {
			throw new InvalidConfigurationPropertyValueException("apiguard.idempotency.lease", lease,
					"The lease must be at least 1ms, e.g. 30s: a request holds its key that long without renewal.");
		}
		if (lease.compareTo(ttl) > 0) {
			throw new InvalidConfigurationPropertyValueException("apiguard.idempotency.lease", lease,
					"The lease must not be longer than apiguard.idempotency.ttl (" + ttl + "): a record would "
							+ "expire while its request still holds it. Shorten the lease or lengthen the TTL.");
		}
	}

	/**
	 * The in-memory store. Requests in flight and completed records are bounded apart, so that completed
	 * responses never push out a request still running.
	 *
	 * @param maxSize The bound on the completed records' total size; past it records are evicted, and a retry of
	 * an evicted request runs again.
	 * @param maxClaims The bound on the number of requests in flight (and of requests whose lease ran out with no
	 * outcome, until their TTL); past it a new idempotent request is answered with 503
	 * idempotency_capacity_exceeded and Retry-After, and does not run.
	 */
	public record Memory(@DefaultValue("64MB") DataSize maxSize, @DefaultValue("10000") int maxClaims) {

		public Memory {
			if (maxClaims <= 0) {
				throw new IllegalArgumentException(
						"apiguard.idempotency.memory.max-claims must be positive, but was " + maxClaims);
			}
		}

	}

	/**
	 * The Redis store. The connection is the application's (spring.data.redis.*); keep its command timeout
	 * (spring.data.redis.timeout) short, as it bounds how long a request waits during a Redis outage.
	 *
	 * @param time Whose clock leases and expiry use: server (Redis' TIME, one clock for every node) or
	 * application (the application's Clock bean, for tests).
	 */
	public record Redis(@DefaultValue("server") ClockSource time) {

	}

}
