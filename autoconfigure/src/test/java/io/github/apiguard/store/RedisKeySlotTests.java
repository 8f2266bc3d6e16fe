package io.github.apiguard.store;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.StoredResponse;
import io.github.apiguard.idempotency.store.RedisIdempotencyStore;
import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.RedisTestSupport;
import io.github.apiguard.ratelimit.store.RedisRateLimiter;
import io.github.apiguard.support.ScriptKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis Cluster runs a script only if all its keys are in one hash slot (else {@code CROSSSLOT}): the keys
 * each guard actually sends for one decision, read off the wire, are all in the slot of their hash tag, which
 * is exactly the part they share (the client; the record). Should a key lose its tag, its slot becomes the
 * whole key's and these tests fail: each checks that the keys it uses would not share a slot untagged.
 */
class RedisKeySlotTests {

	private LettuceConnectionFactory factory;

	private ScriptKeys scripts;

	@BeforeEach
	void connect() {
		this.factory = RedisTestSupport.connectionFactory(Duration.ofSeconds(30));
		this.scripts = ScriptKeys.recordedOn(this.factory);
	}

	@AfterEach
	void disconnect() {
		this.factory.destroy();
	}

	@Test
	void everyKeyOfOneRateLimitDecisionOverSeveralPoliciesAndLimitsIsInTheSlotOfItsClient() {
		RedisRateLimiter limiter = new RedisRateLimiter(new StringRedisTemplate(this.factory), "slots", null);
		String client = "p:Zk1hY2xpZW50LWtleQ";
		List<Charge> charges = List.of(new Charge("api", Limit.rate("per-second", 10, Duration.ofSeconds(1)), 1),
				new Charge("api", Limit.rate("per-minute", 100, Duration.ofMinutes(1)), 1),
				new Charge("api", Limit.quota("monthly", 10_000, CalendarPeriod.MONTH, ZoneId.of("UTC")), 1),
				new Charge("search", Limit.rate("per-minute", 30, Duration.ofMinutes(1)).withBurst(5), 2),
				new Charge("search", Limit.quota("daily", 500, CalendarPeriod.DAY, ZoneId.of("Europe/Paris")), 2));
		assertThat(limiter.tryAcquire(client, charges).allowed()).isTrue();
		// One call, or two when Redis did not know the script yet (EVALSHA answered NOSCRIPT, then EVAL).
		List<List<String>> calls = this.scripts.calls();
		assertThat(calls).isNotEmpty().allSatisfy((sent) -> assertThat(sent).isEqualTo(calls.get(0)));
		List<String> keys = calls.get(0);
		assertThat(keys).hasSize(charges.size()).doesNotHaveDuplicates().allMatch((key) -> key.startsWith("slots:rl:{"));
		assertThat(slots(keys)).containsOnlyKeys(SlotHash.getSlot(client));
		assertThat(slots(untagged(keys))).as("slots of the keys without their hash tag").hasSizeGreaterThan(1);
	}

	@Test
	void claimRenewCompleteAndReleaseOfOneIdempotencyKeyUseOneKeyInTheSlotOfTheRecordKey() {
		RedisIdempotencyStore store = new RedisIdempotencyStore(this.factory, "slots", null);
		String key = "dGhlLXJlY29yZC1rZXktb2YtYS1yZXF1ZXN0LTQzY2g";
		Duration lease = Duration.ofSeconds(30);
		Duration ttl = Duration.ofHours(1);
		assertThat(store.claim(new IdempotencyClaim(key, "fp", "owner-1", lease, ttl)).outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		assertThat(store.release(key, "owner-1")).isTrue();
		store.claim(new IdempotencyClaim(key, "fp", "owner-2", lease, ttl));
		assertThat(store.renew(key, "owner-2", lease)).isTrue();
		assertThat(store.complete(key, "owner-2", new StoredResponse(201, Map.of(), new byte[] { 1 }, false), ttl))
			.isTrue();
		store.claim(new IdempotencyClaim(key, "fp", "owner-3", lease, ttl));
		List<List<String>> calls = this.scripts.calls();
		// Six calls, and an EVAL after each EVALSHA that Redis answered NOSCRIPT.
		assertThat(calls).hasSizeGreaterThanOrEqualTo(6).allSatisfy((keys) -> assertThat(keys).containsExactly("slots:idempotency:{" + key + "}"));
		List<String> keys = calls.stream().flatMap(List::stream).toList();
		assertThat(slots(keys)).containsOnlyKeys(SlotHash.getSlot(key));
		assertThat(SlotHash.getSlot(untagged(keys).get(0))).as("slot of the key without its hash tag")
			.isNotEqualTo(SlotHash.getSlot(key));
	}

	private static Map<Integer, Set<String>> slots(List<String> keys) {
		return keys.stream().collect(Collectors.groupingBy(SlotHash::getSlot, Collectors.toSet()));
	}

	private static List<String> untagged(List<String> keys) {
		return keys.stream().map((key) -> key.replace("{", "").replace("}", "")).toList();
	}

}
