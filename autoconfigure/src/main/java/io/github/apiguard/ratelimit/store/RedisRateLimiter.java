package io.github.apiguard.ratelimit.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.LimitStatus;
import io.github.apiguard.ratelimit.RateLimiter;
import io.github.apiguard.ratelimit.RateLimiterUnavailableException;
import io.github.apiguard.store.RedisFailures;
import io.github.apiguard.store.RedisKeyPrefix;

/**
 * Rate limits shared by every node through Redis: all limits of a request are evaluated and, if all
 * conform, consumed by one Lua script in one round trip ({@code EVALSHA}; the script text is sent only
 * once after Redis forgot it). Redis runs scripts one at a time, so the decision is atomic and exact under
 * any concurrency, with no retries. On Lettuce the script goes straight on the native connection the factory
 * shares, with arguments encoded once as bytes and the reply read as integers (see {@link RateLimitScript}).
 * <p>
 * Keys: {@code <prefix>:rl:{<client>}:<policy>:<limit>:<fingerprint>} (see {@link Charge#stateId()} and
 * {@link RedisKeyPrefix}). The braces form a Redis Cluster hash tag around the client, so all keys of one
 * client live in one slot, as a script's keys must, and different clients spread over the masters. A rate's key holds its GCRA arrival time and expires when that is past; a quota's key is a hash of
 * period end and units used, and expires shortly after its period. The script treats a key of another type
 * or a value it would not have written as absent, and overwrites it.
 * <p>
 * A failure that any call would meet (no connection, a timeout, a server that refuses service such as
 * {@code LOADING} or {@code READONLY}) is thrown as {@link RateLimiterUnavailableException}, for the breaker
 * of {@link FailoverRateLimiter}; any other failure (a data or script error) concerns this request's keys
 * only and is thrown as an {@link IllegalStateException}.
 * <p>
 * Time is the Redis server's {@code TIME} unless a {@link Clock} is given, so nodes with skewed clocks
 * still agree. Calendar boundaries are computed here (Lua knows no time zones) for this node's period and
 * both neighbours, and the script picks the one its time falls in.
 */
public final class RedisRateLimiter implements RateLimiter {

	/**
	 * On the application's time, how long (ms) a key outlives its state: Redis expires keys on its own
	 * clock, which the application's need not follow (a test's clock stands still), and a key gone too early
	 * would forget what a client used.
	 */
	private static final byte[] APPLICATION_TIME_EXPIRY_SLACK = Arguments.ascii(60_000);

	private static final byte[] SERVER_TIME = new byte[0];

	private static final byte[] RATE = { 'r' };

	private static final byte[] QUOTA = { 'q' };

	private static final byte[] NO_SLACK = Arguments.ascii(0);

	private final RateLimitScript script;

	/** Every key up to and with the opening brace of its hash tag: the prefix, then {@code :rl:}, then the brace. */
	private final String keyStart;

	private final Clock boundaryClock;

	private final boolean applicationTime;

	/**
	 * Creates a limiter.
	 * @param connectionFactory the application's connection factory
	 * @param keyPrefix the prefix of every key, e.g. {@code apiguard} (see {@link RedisKeyPrefix}); the limiter
	 * adds {@code :rl:} and the hash tag
	 * @param clock the clock whose time the script uses, or {@code null} to use the Redis server's time
	 */
	public RedisRateLimiter(RedisConnectionFactory connectionFactory, String keyPrefix, @Nullable Clock clock) {
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		this.script = RateLimitScript.on(connectionFactory);
		this.keyStart = new RedisKeyPrefix(keyPrefix).of("rl") + "{";
		this.boundaryClock = (clock != null) ? clock : Clock.systemUTC();
		this.applicationTime = clock != null;
	}

	/**
	 * Creates a limiter on a template's connection factory.
	 * @param redis the template whose connection factory to use
	 * @param keyPrefix the prefix of every key, e.g. {@code apiguard} (see {@link RedisKeyPrefix}); the limiter
	 * adds {@code :rl:} and the hash tag
	 * @param clock the clock whose time the script uses, or {@code null} to use the Redis server's time
	 */
	public RedisRateLimiter(StringRedisTemplate redis, String keyPrefix, @Nullable Clock clock) {
		this(redis.getRequiredConnectionFactory(), keyPrefix, clock);
	}

	@Override
	public Decision tryAcquire(String client, List<Charge> charges) {
		if (charges.isEmpty()) {
			return Decision.unlimited();
		}
		Instant now = this.boundaryClock.instant();
		int count = charges.size();
		byte[][] keys = new byte[count][];
		byte[][] args = new byte[2 + argumentCount(charges)][];
		args[0] = this.applicationTime ? Arguments.ascii(LimitArithmetic.micros(now)) : SERVER_TIME;
		args[1] = this.applicationTime ? APPLICATION_TIME_EXPIRY_SLACK : NO_SLACK;
		String tag = this.keyStart + client + "}:";
		int next = 2;
		for (int i = 0; i < count; i++) {
			Charge charge = charges.get(i);
			keys[i] = Arguments.utf8(tag + charge.stateId());
			Limit limit = charge.limit();
			if (limit.isQuota()) {
				CalendarPeriod calendar = limit.calendar();
				Instant start = calendar.start(now, limit.zone());
				Instant end = calendar.end(now, limit.zone());
				Instant after = calendar.end(end, limit.zone());
				args[next++] = QUOTA;
				args[next++] = Arguments.ascii(LimitArithmetic.units(charge));
				args[next++] = Arguments.ascii(limit.quota());
				args[next++] = Arguments.ascii(LimitArithmetic.micros(start));
				args[next++] = Arguments.ascii(LimitArithmetic.micros(end));
				args[next++] = Arguments.ascii(LimitArithmetic.micros(after));
			}
			else {
				long interval = limit.emissionIntervalMicros();
				args[next++] = RATE;
				args[next++] = Arguments.ascii(LimitArithmetic.units(charge));
				args[next++] = Arguments.ascii(interval);
				// At most Limit.MAX_SPAN: no overflow.
				args[next++] = Arguments.ascii(interval * limit.burst());
			}
		}
		long[] result;
		try {
			result = this.script.run(keys, args);
		}
		catch (RuntimeException ex) {
			throw failure(ex, keys);
		}
		Assert.state(result.length == 4 * count, "Unexpected script result");
		LimitStatus[] statuses = new LimitStatus[count];
		boolean allowed = true;
		for (int i = 0; i < count; i++) {
			int base = 4 * i;
			boolean conforming = result[base] == 1;
			allowed &= conforming;
			statuses[i] = new LimitStatus(charges.get(i), conforming, result[base + 1],
					LimitArithmetic.instant(result[base + 2]), micros(result[base + 3]));
		}
		return new Decision(allowed, List.of(statuses));
	}

	private static RuntimeException failure(RuntimeException ex, byte[][] keys) {
		if (RedisFailures.isOutage(ex)) {
			return new RateLimiterUnavailableException("Redis cannot decide: " + ex.getMessage(), ex);
		}
		// Redis answered, but not for these keys: this request fails, nobody else's.
		return new IllegalStateException("Redis could not evaluate the rate limits " + Arguments.text(keys)
				+ "; this is not an outage, only this request fails", ex);
	}

	private static int argumentCount(List<Charge> charges) {
		int count = 0;
		for (Charge charge : charges) {
			count += charge.limit().isQuota() ? 6 : 4;
		}
		return count;
	}

	private static Duration micros(long micros) {
		return (micros == 0) ? Duration.ZERO : Duration.of(micros, ChronoUnit.MICROS);
	}

}
