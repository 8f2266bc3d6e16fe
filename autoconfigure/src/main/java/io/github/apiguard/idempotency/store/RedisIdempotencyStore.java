package io.github.apiguard.idempotency.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.StoredResponse;

import io.github.apiguard.store.LuaScripts;
import io.github.apiguard.store.RedisKeyPrefix;

/**
 * An {@link IdempotencyStore} in Redis, shared by every node, through Spring Data Redis and the
 * application's {@link RedisConnectionFactory}. Each operation is one Lua script, sent as {@code EVALSHA}
 * (one round trip; {@code EVAL} once after a server restart flushed the script cache):
 * <ul>
 * <li>claim: claims the key, or answers mismatch, in flight, outcome unknown — or the stored response, so a
 * replay costs one round trip;</li>
 * <li>renew, complete and release: compare-and-set on the claim's owner token (fencing).</li>
 * </ul>
 * A record is one hash, {@code <prefix>:idempotency:{<record key>}} (see {@link RedisKeyPrefix}); every
 * script touches that one key only, so it runs on a Redis Cluster as on one server, and the hash tag around
 * the record key spreads records over the masters. Leases and expiry are logical timestamps in the hash, compared in the scripts
 * with Redis' own {@code TIME} (one clock for every node), or with the application's {@link Clock} when one
 * is given (tests); the hash's Redis TTL only collects garbage.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {

	private static final RedisScript<List> CLAIM = script("claim.lua", List.class);

	private static final RedisScript<Long> COMPLETE = script("complete.lua", Long.class);

	private static final RedisScript<Long> RENEW = script("renew.lua", Long.class);

	private static final RedisScript<Long> RELEASE = script("release.lua", Long.class);

	private static final byte[] NO_TIME = new byte[0];

	private final RedisTemplate<String, byte[]> redis;

	/** Every record key up to its hash tag: {@code <prefix>:idempotency:}. */
	private final String keyStart;

	private final @Nullable Clock clock;

	/**
	 * Creates a store.
	 * @param connectionFactory the application's connection factory
	 * @param keyPrefix the root of every key, e.g. {@code apiguard} (see {@link RedisKeyPrefix}); the store adds
	 * {@code :idempotency:} and the hash tag
	 * @param clock the clock the scripts compare against, or {@code null} for Redis' {@code TIME}
	 */
	public RedisIdempotencyStore(RedisConnectionFactory connectionFactory, String keyPrefix, @Nullable Clock clock) {
		RedisTemplate<String, byte[]> template = new RedisTemplate<>();
		template.setConnectionFactory(connectionFactory);
		template.setKeySerializer(RedisSerializer.string());
		template.setValueSerializer(RedisSerializer.byteArray());
		template.setHashKeySerializer(RedisSerializer.string());
		template.setHashValueSerializer(RedisSerializer.byteArray());
		template.afterPropertiesSet();
		this.redis = template;
		this.keyStart = new RedisKeyPrefix(keyPrefix).of("idempotency");
		this.clock = clock;
	}

	@Override
	@SuppressWarnings("unchecked")
	public ClaimResult claim(IdempotencyClaim claim) {
		List<Object> reply = run(CLAIM, claim.key(), bytes(claim.fingerprint()), bytes(claim.owner()),
				millis(claim.lease()), millis(claim.ttl()), now());
		if (reply == null || reply.isEmpty()) {
			throw new IllegalStateException("Unexpected empty reply from the idempotency claim script");
		}
		String outcome = text(reply.get(0));
		return switch (outcome) {
			case "CLAIMED" -> ClaimResult.claimed();
			case "MISMATCH" -> ClaimResult.mismatch();
			case "IN_FLIGHT" -> ClaimResult.inFlight(Duration.ofMillis(Long.parseLong(text(reply.get(1)))));
			case "OUTCOME_UNKNOWN" -> ClaimResult.outcomeUnknown();
			case "REPLAY" -> ClaimResult.replay(new StoredResponse(Integer.parseInt(text(reply.get(1))),
					StoredHeaders.decode(text(reply.get(2))), (byte[]) reply.get(3), "1".equals(text(reply.get(4)))));
			default -> throw new IllegalStateException("Unexpected reply from the idempotency claim script: " + outcome);
		};
	}

	@Override
	public boolean renew(String key, String owner, Duration lease) {
		Long result = run(RENEW, key, bytes(owner), millis(lease), now());
		return result != null && result == 1L;
	}

	@Override
	public boolean complete(String key, String owner, StoredResponse response, Duration ttl) {
		Long result = run(COMPLETE, key, bytes(owner), bytes(Integer.toString(response.status())), bytes(StoredHeaders.encode(response.headers())),
				response.body(), bytes(response.bodyOmitted() ? "1" : "0"), millis(ttl), now());
		return result != null && result == 1L;
	}

	@Override
	public boolean release(String key, String owner) {
		Long result = run(RELEASE, key, bytes(owner));
		return result != null && result == 1L;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private <T> @Nullable T run(RedisScript<T> script, String key, byte[]... args) {
		// Raw bytes both ways: bodies are binary, and list replies are decoded element by element.
		RedisSerializer bytes = RedisSerializer.byteArray();
		return (T) this.redis.execute((RedisScript) script, bytes, bytes, List.of(recordKey(key)), (Object[]) args);
	}

	/**
	 * The Redis key of a record.
	 * @param key the record key given to the store
	 * @return the Redis key, with its hash tag
	 */
	public String recordKey(String key) {
		return this.keyStart + "{" + key + "}";
	}

	private byte[] now() {
		return (this.clock != null) ? bytes(Long.toString(this.clock.millis())) : NO_TIME;
	}

	private static byte[] millis(Duration duration) {
		return bytes(Long.toString(Math.max(1, duration.toMillis())));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(@Nullable Object value) {
		return (value instanceof byte[] raw) ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(value);
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		return LuaScripts.load(name, RedisIdempotencyStore.class, resultType);
	}

}
