package io.github.apiguard.ratelimit.store;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.LimitStatus;
import io.github.apiguard.ratelimit.RedisTestSupport;
import io.github.apiguard.store.OutagePolicy;
import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client's state in Redis is planted in a shape the script never writes (another type, garbage
 * values), as a limit changed under another tier or a stray write would leave it. That client is still
 * answered as if it had no state, its key is repaired, and the breaker stays closed for everyone else.
 * The outage policy is {@code deny}, so an outage decision would show as an exception.
 */
class RedisStateRepairTests {

	private final MutableClock clock = MutableClock.at("2026-03-15T10:00:00Z");

	private final Charge perMinute = new Charge("api", Limit.rate("per-minute", 10, Duration.ofMinutes(1)), 1);

	private final Charge monthly = new Charge("api",
			Limit.quota("monthly", 100, CalendarPeriod.MONTH, ZoneOffset.UTC), 1);

	private final AtomicInteger otherClients = new AtomicInteger();

	private LettuceConnectionFactory factory;

	private StringRedisTemplate redis;

	private FailoverRateLimiter limiter;

	@BeforeEach
	void connect() {
		this.factory = RedisTestSupport.connectionFactory(Duration.ofSeconds(30));
		RedisTestSupport.flush(this.factory);
		this.redis = new StringRedisTemplate(this.factory);
		this.limiter = new FailoverRateLimiter(new RedisRateLimiter(this.redis, "apiguard", this.clock),
				OutagePolicy.DENY, null, 1, Duration.ofSeconds(5), this.clock);
	}

	@AfterEach
	void disconnect() {
		this.factory.destroy();
	}

	@Test
	void aRateWhoseKeyHoldsAHashIsAnsweredAfreshAndRepaired() {
		assertRepaired(this.perMinute, 9, (key) -> this.redis.opsForHash().put(key, "e", "1"), DataType.STRING);
	}

	@Test
	void aRateWhoseKeyHoldsAListIsAnsweredAfreshAndRepaired() {
		assertRepaired(this.perMinute, 9, (key) -> this.redis.opsForList().leftPush(key, "x"), DataType.STRING);
	}

	@Test
	void aRateWhoseValueIsNotANumberIsAnsweredAfresh() {
		for (String garbage : List.of("not-a-number", "12abc", "1e400", "nan", "inf", "0x10", "", "1.5",
				"99999999999999999999999")) {
			assertRepaired(this.perMinute, 9, (key) -> this.redis.opsForValue().set(key, garbage), DataType.STRING);
		}
	}

	@Test
	void aQuotaWhoseKeyHoldsAStringIsAnsweredAfreshAndRepaired() {
		assertRepaired(this.monthly, 99, (key) -> this.redis.opsForValue().set(key, "garbage"), DataType.HASH);
	}

	@Test
	void aQuotaWhoseKeyHoldsASetIsAnsweredAfreshAndRepaired() {
		assertRepaired(this.monthly, 99, (key) -> this.redis.opsForSet().add(key, "x"), DataType.HASH);
	}

	@Test
	void aQuotaWhoseFieldsAreGarbageIsAnsweredAfresh() {
		long periodEnd = LimitArithmetic.micros(CalendarPeriod.MONTH.end(this.clock.instant(), ZoneOffset.UTC));
		for (String used : List.of("lots", "-50", "2.5", "1e3", "nan", "")) {
			assertRepaired(this.monthly, 99, (key) -> this.redis.opsForHash().put(key, "u", used), DataType.HASH,
					(key) -> this.redis.opsForHash().put(key, "e", Long.toString(periodEnd)));
		}
		assertRepaired(this.monthly, 99, (key) -> this.redis.opsForHash().put(key, "e", "soon"), DataType.HASH);
	}

	@Test
	void aBadKeyDoesNotSpoilTheRequestsOtherLimits() {
		Decision first = charge("c1", this.perMinute, this.monthly);
		assertThat(first.allowed()).isTrue();
		String quotaKey = onlyKey("c1", "monthly");
		this.redis.delete(quotaKey);
		this.redis.opsForValue().set(quotaKey, "garbage");
		Decision decision = charge("c1", this.perMinute, this.monthly);
		assertThat(decision.allowed()).isTrue();
		assertThat(decision.statuses()).extracting(LimitStatus::remaining).containsExactly(8L, 99L);
		assertBreakerClosedForOthers();
	}

	private void assertRepaired(Charge charge, long freshRemaining, Consumer<String> plant, DataType repairedType) {
		assertRepaired(charge, freshRemaining, plant, repairedType, (key) -> {
		});
	}

	/**
	 * Charges client c1 once so its key exists, replaces the key's content, then expects c1 to be answered as
	 * a client without state, the key to hold the script's own type again, and the breaker to stay closed.
	 */
	private void assertRepaired(Charge charge, long freshRemaining, Consumer<String> plant, DataType repairedType,
			Consumer<String> alsoPlant) {
		RedisTestSupport.flush(this.factory);
		assertThat(charge("c1", charge).allowed()).isTrue();
		String key = onlyKey("c1", charge.limit().name());
		this.redis.delete(key);
		plant.accept(key);
		alsoPlant.accept(key);
		Decision repaired = charge("c1", charge);
		assertThat(repaired.allowed()).isTrue();
		assertThat(repaired.statuses().get(0).remaining()).isEqualTo(freshRemaining);
		assertThat(this.redis.type(key)).isEqualTo(repairedType);
		// The repaired state is the script's own again: the next request counts on from it.
		assertThat(charge("c1", charge).statuses().get(0).remaining()).isEqualTo(freshRemaining - 1);
		assertBreakerClosedForOthers();
	}

	private void assertBreakerClosedForOthers() {
		assertThat(this.limiter.isOpen()).isFalse();
		assertThat(this.limiter.outageDecisions()).isZero();
		Decision other = charge("other-" + this.otherClients.incrementAndGet(), this.perMinute);
		assertThat(other.allowed()).isTrue();
		assertThat(other.statuses()).hasSize(1);
		assertThat(other.statuses().get(0).remaining()).isEqualTo(9);
	}

	private String onlyKey(String client, String limitName) {
		Set<String> keys = this.redis.keys("apiguard:rl:{" + client + "}:api:" + limitName + "*");
		assertThat(keys).hasSize(1);
		return keys.iterator().next();
	}

	private Decision charge(String client, Charge... charges) {
		return this.limiter.tryAcquire(client, List.of(charges));
	}

}
