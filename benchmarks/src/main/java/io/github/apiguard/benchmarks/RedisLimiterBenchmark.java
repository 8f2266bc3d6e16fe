package io.github.apiguard.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.store.RedisRateLimiter;

/**
 * One distributed rate-limit decision on a real Redis under 8 threads: apiguard's one-script limiter
 * against Bucket4j's Lettuce compare-and-swap proxy manager, and a plain {@code PING} through the same
 * Spring Data Redis connection as the floor for any one-round-trip design. One hot key, or many keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(8)
public class RedisLimiterBenchmark {

	static final int MANY_KEYS = 100_000;

	@Param({ "hot", "many" })
	public String keys;

	private EmbeddedRedis redis;

	private LettuceConnectionFactory factory;

	private StringRedisTemplate template;

	private RedisRateLimiter apiguard;

	private List<Charge> charges;

	private RedisClient bucket4jClient;

	private StatefulRedisConnection<String, byte[]> bucket4jConnection;

	private LettuceBasedProxyManager<String> bucket4j;

	private BucketConfiguration configuration;

	private String[] keyspace;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.redis = new EmbeddedRedis();
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", this.redis.port()));
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.template = new StringRedisTemplate(this.factory);
		this.apiguard = new RedisRateLimiter(this.template, "apiguard", null);
		this.charges = List.of(new Charge("bench", Limit.rate("never-reached", 1_000_000_000_000L, Duration.ofSeconds(1_000_000)), 1));
		this.bucket4jClient = RedisClient.create("redis://127.0.0.1:" + this.redis.port());
		this.bucket4jConnection = this.bucket4jClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
		this.bucket4j = Bucket4jLettuce.casBasedBuilder(this.bucket4jConnection)
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
			.build();
		this.configuration = BucketConfiguration.builder()
			.addLimit(Bandwidth.builder().capacity(1_000_000_000_000L).refillGreedy(1_000_000_000_000L, Duration.ofSeconds(1_000_000)).build())
			.build();
		int size = this.keys.equals("hot") ? 1 : MANY_KEYS;
		this.keyspace = new String[size];
		for (int i = 0; i < size; i++) {
			this.keyspace[i] = "client-" + i;
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.bucket4jConnection.close();
		this.bucket4jClient.shutdown();
		this.factory.destroy();
		this.redis.close();
	}

	@State(Scope.Thread)
	public static class Cursor {

		int next = (int) (Math.random() * RedisLimiterBenchmark.MANY_KEYS);

		String key(String[] keyspace) {
			this.next = (this.next + 1) % keyspace.length;
			return keyspace[this.next];
		}

	}

	@Benchmark
	public boolean apiguard(Cursor cursor) {
		return this.apiguard.tryAcquire(cursor.key(this.keyspace), this.charges).allowed();
	}

	@Benchmark
	public boolean bucket4j(Cursor cursor) {
		return this.bucket4j.builder().build("b4j:" + cursor.key(this.keyspace), () -> this.configuration)
			.tryConsumeAndReturnRemaining(1)
			.isConsumed();
	}

	@Benchmark
	public String ping() {
		return this.template.execute((RedisCallback<String>) RedisConnection::ping);
	}

}
