package io.github.apiguard.ratelimit.store;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.RedisTestSupport;
import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based: the in-memory store and the Redis store (its script run by a real {@code redis-server}, on
 * the application's time) are driven side by side by one {@link MutableClock} through random limits — many
 * at the configuration bounds — random costs (up to {@code Long.MAX_VALUE}) and random clock advances, and
 * must answer every request identically: admitted or not, and per limit conforming, remaining, reset and
 * retry-after to the microsecond.
 * <p>
 * Each run checks a fixed set of seeds plus one new seed. A failure names its seed; rerun just that one with
 * {@code -Dapiguard.agreement.seed=<seed>}.
 */
class RateLimiterAgreementTests {

	private static final long MAX_SPAN = (Limit.MAX_SPAN.toNanos() / 1_000);

	private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
			ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Pacific/Chatham"),
			ZoneId.of("Australia/Lord_Howe"));

	private static final int FIXED_SEEDS = 20;

	private static final int STEPS = 300;

	private final MutableClock clock = MutableClock.at("2026-03-15T10:00:00Z");

	private LettuceConnectionFactory factory;

	private RedisRateLimiter redis;

	@BeforeEach
	void connect() {
		this.factory = RedisTestSupport.connectionFactory(Duration.ofSeconds(30));
		this.redis = new RedisRateLimiter(new StringRedisTemplate(this.factory), "apiguard-agree", this.clock);
	}

	@AfterEach
	void disconnect() {
		this.factory.destroy();
	}

	@Test
	void bothStoresDecideAlikeOverRandomLimitsCostsAndClockAdvances() {
		Long only = Long.getLong("apiguard.agreement.seed");
		long[] seeds = (only != null) ? new long[] { only }
				: LongStream.concat(LongStream.range(1, FIXED_SEEDS + 1), LongStream.of(System.nanoTime())).toArray();
		long admitted = 0;
		long rejected = 0;
		for (long seed : seeds) {
			long[] counts = run(seed);
			admitted += counts[0];
			rejected += counts[1];
		}
		System.out.printf("Stores agreed on %d admitted and %d rejected requests over seeds 1..%d and %d%n", admitted,
				rejected, FIXED_SEEDS, seeds[seeds.length - 1]);
		// The generator must exercise both answers, or agreement says little.
		assertThat(admitted).isPositive();
		assertThat(rejected).isPositive();
	}

	private long[] run(long seed) {
		Random random = new Random(seed);
		RedisTestSupport.flush(this.factory);
		this.clock.set(Instant.parse("2026-01-01T00:00:00Z").plus(random.nextInt(4 * 365 * 24), ChronoUnit.HOURS));
		InMemoryRateLimiter memory = new InMemoryRateLimiter(1000, Duration.ofDays(3650), this.clock);
		List<Limit> limits = new ArrayList<>();
		int count = 1 + random.nextInt(4);
		for (int i = 0; i < count; i++) {
			limits.add(random.nextBoolean() ? rate("l" + i, random) : quota("l" + i, random));
		}
		long[] counts = new long[2];
		for (int step = 0; step < STEPS; step++) {
			advance(random, limits);
			String client = "c" + random.nextInt(3);
			List<Charge> charges = charges(random, limits);
			String what = String.format("seed %d (rerun with -Dapiguard.agreement.seed=%d), step %d at %s: %s %s",
					seed, seed, step, this.clock.instant(), client, charges);
			Decision inMemory = memory.tryAcquire(client, charges);
			Decision inRedis = this.redis.tryAcquire(client, charges);
			assertThat(inRedis).as(what).isEqualTo(inMemory);
			counts[inMemory.allowed() ? 0 : 1]++;
		}
		return counts;
	}

	/**
	 * A rate between the bounds: one request per microsecond up to one per {@link Limit#MAX_SPAN}, a burst
	 * from 1 to what fits into that span.
	 */
	private static Limit rate(String name, Random random) {
		long quota = switch (random.nextInt(6)) {
			case 0 -> 1;
			case 1 -> MAX_SPAN;
			case 2 -> 1 + random.nextInt(100);
			default -> logUniform(random, 1, MAX_SPAN);
		};
		long period = switch (random.nextInt(5)) {
			case 0 -> quota;
			case 1 -> MAX_SPAN;
			default -> logUniform(random, quota, MAX_SPAN);
		};
		long interval = period / quota;
		long maxBurst = MAX_SPAN / interval;
		long burst = switch (random.nextInt(5)) {
			case 0 -> 1;
			case 1 -> maxBurst;
			case 2 -> Math.min(quota, maxBurst);
			default -> logUniform(random, 1, maxBurst);
		};
		return Limit.rate(name, quota, Duration.of(period, ChronoUnit.MICROS)).withBurst(burst);
	}

	private static Limit quota(String name, Random random) {
		long quota = switch (random.nextInt(5)) {
			case 0 -> 1;
			case 1 -> Limit.MAX_UNITS;
			case 2 -> 1 + random.nextInt(20);
			default -> logUniform(random, 1, Limit.MAX_UNITS);
		};
		CalendarPeriod calendar = random.nextBoolean() ? CalendarPeriod.DAY : CalendarPeriod.MONTH;
		return Limit.quota(name, quota, calendar, ZONES.get(random.nextInt(ZONES.size())));
	}

	/**
	 * A non-empty subset of the limits, in their order, at one cost (as a policy charges them) or, now and
	 * then, a cost per limit.
	 */
	private static List<Charge> charges(Random random, List<Limit> limits) {
		List<Charge> charges = new ArrayList<>();
		long cost = cost(random, limits);
		boolean costPerLimit = random.nextInt(5) == 0;
		for (Limit limit : limits) {
			if (random.nextInt(4) != 0) {
				charges.add(new Charge("p", limit, costPerLimit ? cost(random, limits) : cost));
			}
		}
		if (charges.isEmpty()) {
			charges.add(new Charge("p", limits.get(random.nextInt(limits.size())), cost));
		}
		return charges;
	}

	private static long cost(Random random, List<Limit> limits) {
		Limit limit = limits.get(random.nextInt(limits.size()));
		return switch (random.nextInt(20)) {
			case 0, 1 -> Math.max(1, limit.burst() - 1);
			case 2, 3 -> limit.burst();
			case 4 -> limit.burst() + 1;
			case 5 -> logUniform(random, 1, Long.MAX_VALUE);
			case 6 -> Long.MAX_VALUE;
			case 7, 8, 9 -> 2 + random.nextInt(4);
			default -> 1;
		};
	}

	/**
	 * Nothing, a microsecond, about one of the limits' intervals, anything up to 40 days, or (rarely) up to
	 * 400 days; never past 2100, so timestamps stay far below 2<sup>53</sup> µs.
	 */
	private void advance(Random random, List<Limit> limits) {
		long micros = switch (random.nextInt(20)) {
			case 0, 1, 2, 3, 4 -> 0;
			case 5, 6 -> 1;
			case 7, 8, 9, 10, 11 -> {
				Limit limit = limits.get(random.nextInt(limits.size()));
				long scale = limit.isQuota() ? Duration.ofHours(6).toNanos() / 1000 : limit.emissionIntervalMicros();
				yield logUniform(random, 1, Math.max(1, Math.min(MAX_SPAN, 3 * scale)));
			}
			case 12 -> logUniform(random, 1, Duration.ofDays(400).toNanos() / 1000);
			default -> logUniform(random, 1, Duration.ofDays(40).toNanos() / 1000);
		};
		if (this.clock.instant().isBefore(Instant.parse("2100-01-01T00:00:00Z"))) {
			this.clock.advance(Duration.of(micros, ChronoUnit.MICROS));
		}
	}

	private static long logUniform(Random random, long min, long max) {
		if (min >= max) {
			return min;
		}
		double value = Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min)));
		return Math.max(min, Math.min(max, (long) value));
	}

}
