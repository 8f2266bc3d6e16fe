package io.github.apiguard.ratelimit.store;

import io.github.apiguard.ratelimit.Charge;

import io.github.apiguard.ratelimit.Decision;

import io.github.apiguard.ratelimit.RateLimiter;

import io.github.apiguard.ratelimit.Limit;

import io.github.apiguard.ratelimit.CalendarPeriod;

import io.github.apiguard.ratelimit.RateLimiterUnavailableException;

import io.github.apiguard.ratelimit.LimitStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

import io.github.apiguard.store.LuaScripts;
import io.github.apiguard.store.RedisFailures;
import io.github.apiguard.store.RedisKeyPrefix;

/**
 * Rate limits shared by every node through Redis: all limits of a request are evaluated and, if all
 * conform, consumed by one Lua script in one round trip ({@code EVALSHA}; the script text is sent only
 * once after Redis forgot it). Redis runs scripts one at a time, so the decision is atomic and exact under
 * any concurrency, with no retries.
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

	private static final RedisScript<List<Object>> SCRIPT = script();

	/**
	 * On the application's time, how long (ms) a key outlives its state: Redis expires keys on its own
	 * clock, which the application's need not follow (a test's clock stands still), and a key gone too early
	 * would forget what a client used.
	 */
	private static final String APPLICATION_TIME_EXPIRY_SLACK = "60000";

	private final StringRedisTemplate redis;

	/** Every key up to and with the opening brace of its hash tag: the prefix, then {@code :rl:}, then the brace. */
	private final String keyStart;

	private final Clock boundaryClock;

	private final boolean applicationTime;

	/**
	 * Creates a limiter.
	 * @param redis the template
	 * @param keyPrefix the root of every key, e.g. {@code apiguard} (see {@link RedisKeyPrefix}); the limiter
	 * adds {@code :rl:} and the hash tag
	 * @param clock the clock whose time the script uses, or {@code null} to use the Redis server's time
	 */
	public RedisRateLimiter(StringRedisTemplate redis, String keyPrefix, @Nullable Clock clock) {
		this.redis = redis;
		this.keyStart = new RedisKeyPrefix(keyPrefix).of("rl") + "{";
		this.boundaryClock = (clock != null) ? clock : Clock.systemUTC();
		this.applicationTime = clock != null;
	}

	@Override
	public Decision tryAcquire(String client, List<Charge> charges) {
		if (charges.isEmpty()) {
			return Decision.unlimited();
		}
		Instant now = this.boundaryClock.instant();
		List<String> keys = new ArrayList<>(charges.size());
		List<String> args = new ArrayList<>(2 + charges.size() * 7);
		args.add(this.applicationTime ? Long.toString(LimitArithmetic.micros(now)) : "");
		args.add(this.applicationTime ? APPLICATION_TIME_EXPIRY_SLACK : "0");
		String tag = this.keyStart + client + "}:";
		for (Charge charge : charges) {
			keys.add(tag + charge.stateId());
			Limit limit = charge.limit();
			if (limit.isQuota()) {
				CalendarPeriod calendar = limit.calendar();
				Instant start = calendar.start(now, limit.zone());
				Instant end = calendar.end(now, limit.zone());
				Instant next = calendar.end(end, limit.zone());
				add(args, "q", LimitArithmetic.units(charge), limit.quota(), LimitArithmetic.micros(start),
						LimitArithmetic.micros(end), LimitArithmetic.micros(next));
				args.add("-");
			}
			else {
				add(args, "r", LimitArithmetic.units(charge), limit.emissionIntervalMicros(), limit.burst());
				args.add("-");
				args.add("-");
				args.add("-");
			}
		}
		List<Object> result;
		try {
			result = this.redis.execute(SCRIPT, keys, args.toArray());
		}
		catch (RuntimeException ex) {
			if (RedisFailures.isOutage(ex)) {
				throw new RateLimiterUnavailableException("Redis cannot decide: " + ex.getMessage(), ex);
			}
			// Redis answered, but not for these keys: this request fails, nobody else's.
			throw new IllegalStateException("Redis could not evaluate the rate limits " + keys
					+ "; this is not an outage, only this request fails", ex);
		}
		Assert.state(result != null && result.size() == 2 + 4 * charges.size(), "Unexpected script result");
		List<LimitStatus> statuses = new ArrayList<>(charges.size());
		for (int i = 0; i < charges.size(); i++) {
			int base = 2 + 4 * i;
			statuses.add(new LimitStatus(charges.get(i), number(result.get(base)) == 1, number(result.get(base + 1)),
					LimitArithmetic.instant(number(result.get(base + 2))),
					Duration.of(number(result.get(base + 3)), ChronoUnit.MICROS)));
		}
		return new Decision(number(result.get(0)) == 1, statuses);
	}

	private static void add(List<String> args, String kind, Object... values) {
		args.add(kind);
		for (Object value : values) {
			args.add(value.toString());
		}
	}

	private static long number(Object value) {
		return ((Number) value).longValue();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RedisScript<List<Object>> script() {
		return (RedisScript) LuaScripts.load("rate-limit.lua", RedisRateLimiter.class, List.class);
	}

}
