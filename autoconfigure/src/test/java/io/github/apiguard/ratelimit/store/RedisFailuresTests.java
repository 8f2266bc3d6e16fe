package io.github.apiguard.ratelimit.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.internal.ExceptionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.RateLimiterUnavailableException;
import io.github.apiguard.ratelimit.RedisTestSupport;
import io.github.apiguard.store.OutagePolicy;
import io.github.apiguard.store.RedisFailures;
import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchRuntimeException;

/**
 * Which failures are an outage (the breaker may open, everyone gets the outage policy) and which concern
 * one request's keys. The chains are Spring Data Redis' own translations of Lettuce's exceptions; where a
 * real {@code redis-server} can be brought into the state, the reply is the server's.
 */
class RedisFailuresTests {

	private static final LettuceExceptionConverter SPRING = new LettuceExceptionConverter();

	private final MutableClock clock = MutableClock.at("2026-03-15T10:00:00Z");

	private final Charge perMinute = new Charge("api", Limit.rate("per-minute", 10, Duration.ofMinutes(1)), 1);

	private LettuceConnectionFactory factory;

	private StringRedisTemplate redis;

	@BeforeEach
	void connect() {
		this.factory = RedisTestSupport.connectionFactory(Duration.ofSeconds(30));
		RedisTestSupport.flush(this.factory);
		this.redis = new StringRedisTemplate(this.factory);
	}

	@AfterEach
	void restoreServer() {
		try (RedisConnection connection = this.factory.getConnection()) {
			connection.serverCommands().replicaOfNoOne();
			connection.serverCommands().setConfig("replica-serve-stale-data", "yes");
			connection.serverCommands().setConfig("maxmemory", "256mb");
		}
		this.factory.destroy();
	}

	@ParameterizedTest
	@ValueSource(strings = { "LOADING Redis is loading the dataset in memory",
			"READONLY You can't write against a read only replica.",
			"MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
			"CLUSTERDOWN The cluster is down", "TRYAGAIN Multiple keys request during rehashing of slot",
			"BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
			"MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.",
			"NOREPLICAS Not enough good replicas to write.",
			"OOM command not allowed when used memory > 'maxmemory'.",
			"NOAUTH Authentication required.", "WRONGPASS invalid username-password pair or user is disabled.",
			"ERR Error running script (call to f_1): @user_script:75: @user_script: 75: -READONLY You can't write against a read only replica." })
	void serverRepliesThatRefuseEveryCallAreAnOutage(String reply) {
		assertThat(RedisFailures.isOutage(SPRING.convert(ExceptionFactory.createExecutionException(reply)))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "WRONGTYPE Operation against a key holding the wrong kind of value",
			"ERR Error running script (call to f_1): @user_script:32: WRONGTYPE Operation against a key holding the wrong kind of value",
			"ERR Error running script (call to f_1): @user_script:20: user_script:20: attempt to compare nil with number",
			"ERR value is not an integer or out of range", "ERR hash value is not an integer",
			"BUSYKEY Target key name already exists." })
	void serverRepliesAboutOneCallsKeysAreNoOutage(String reply) {
		assertThat(RedisFailures.isOutage(SPRING.convert(ExceptionFactory.createExecutionException(reply)))).isFalse();
	}

	@Test
	void lostConnectionsAndTimeoutsAreAnOutage() {
		assertThat(RedisFailures.isOutage(SPRING.convert(ExceptionFactory.createTimeoutException(Duration.ofMillis(250)))))
			.isTrue();
		assertThat(RedisFailures.isOutage(SPRING.convert(new RedisConnectionException("Unable to connect"))))
			.isTrue();
		for (String message : List.of("Currently not connected. Commands are rejected.", "Connection closed",
				"Connection is closed", "Connection disconnected")) {
			assertThat(RedisFailures.isOutage(SPRING.convert(new RedisException(message)))).as(message).isTrue();
		}
		assertThat(RedisFailures.isOutage(new IllegalStateException("Unexpected script result"))).isFalse();
	}

	@Test
	void aRefusedConnectionIsAnOutage() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		LettuceConnectionFactory nowhere = new LettuceConnectionFactory("127.0.0.1", closedPort);
		nowhere.afterPropertiesSet();
		nowhere.start();
		try {
			RedisRateLimiter limiter = new RedisRateLimiter(new StringRedisTemplate(nowhere), "apiguard", this.clock);
			assertThatExceptionOfType(RateLimiterUnavailableException.class)
				.isThrownBy(() -> limiter.tryAcquire("c1", List.of(this.perMinute)));
		}
		finally {
			nowhere.destroy();
		}
	}

	@Test
	void realDataErrorsAreNoOutage() {
		this.redis.opsForHash().put("a-hash", "f", "v");
		this.redis.opsForValue().set("a-word", "abc");
		RuntimeException wrongType = fromServer(() -> this.redis.opsForValue().get("a-hash"));
		RuntimeException notAnInteger = fromServer(() -> this.redis.opsForValue().increment("a-word"));
		RuntimeException inAScript = fromServer(() -> this.redis.execute(
				RedisScript.of("return redis.call('GET', KEYS[1])", String.class), List.of("a-hash")));
		assertThat(wrongType).hasStackTraceContaining("WRONGTYPE");
		assertThat(inAScript).hasStackTraceContaining("WRONGTYPE");
		assertThat(RedisFailures.isOutage(wrongType)).isFalse();
		assertThat(RedisFailures.isOutage(notAnInteger)).isFalse();
		assertThat(RedisFailures.isOutage(inAScript)).isFalse();
	}

	@Test
	void aReplicaThatCannotWriteIsAnOutage() {
		assertThat(limiter().tryAcquire("c1", List.of(this.perMinute)).allowed()).isTrue();
		becomeReplicaOfNobody();
		RuntimeException readOnly = catchRuntimeException(() -> limiter().tryAcquire("c1", List.of(this.perMinute)));
		assertThat(readOnly).isInstanceOf(RateLimiterUnavailableException.class).hasStackTraceContaining("READONLY");
	}

	@Test
	void aReplicaThatMayNotServeStaleDataIsAnOutage() {
		becomeReplicaOfNobody();
		try (RedisConnection connection = this.factory.getConnection()) {
			connection.serverCommands().setConfig("replica-serve-stale-data", "no");
		}
		RuntimeException masterDown = catchRuntimeException(() -> limiter().tryAcquire("c1", List.of(this.perMinute)));
		assertThat(masterDown).isInstanceOf(RateLimiterUnavailableException.class).hasStackTraceContaining("MASTERDOWN");
	}

	@Test
	void aServerOutOfMemoryIsAnOutage() {
		try (RedisConnection connection = this.factory.getConnection()) {
			connection.serverCommands().setConfig("maxmemory", "1");
		}
		RuntimeException outOfMemory = catchRuntimeException(() -> limiter().tryAcquire("c1", List.of(this.perMinute)));
		assertThat(outOfMemory).isInstanceOf(RateLimiterUnavailableException.class).hasStackTraceContaining("OOM");
	}

	@Test
	void theBreakerCountsOutagesOnly() {
		RuntimeException dataError = new IllegalStateException("Redis could not evaluate the rate limits",
				fromServer(() -> {
					this.redis.opsForHash().put("a-hash", "f", "v");
					this.redis.opsForValue().get("a-hash");
				}));
		RedisRateLimiter redisLimiter = limiter();
		FailoverRateLimiter limiter = new FailoverRateLimiter((client, charges) -> {
			if (client.equals("broken")) {
				throw dataError;
			}
			return redisLimiter.tryAcquire(client, charges);
		}, OutagePolicy.DENY, null, 1, Duration.ofSeconds(5), this.clock);
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> limiter.tryAcquire("broken", List.of(this.perMinute)))
				.isSameAs(dataError);
		}
		assertThat(limiter.isOpen()).isFalse();
		assertThat(limiter.outageDecisions()).isZero();
		Decision other = limiter.tryAcquire("healthy", List.of(this.perMinute));
		assertThat(other.allowed()).isTrue();
		assertThat(other.statuses().get(0).remaining()).isEqualTo(9);
	}

	private RedisRateLimiter limiter() {
		return new RedisRateLimiter(this.redis, "apiguard", this.clock);
	}

	/**
	 * Makes the shared server a replica of a master that is not there; {@link #restoreServer()} undoes it.
	 */
	private void becomeReplicaOfNobody() {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		try (RedisConnection connection = this.factory.getConnection()) {
			connection.serverCommands().replicaOf("127.0.0.1", closedPort);
		}
	}

	private static RuntimeException fromServer(Runnable command) {
		RuntimeException failure = catchRuntimeException(command::run);
		assertThat(failure).isInstanceOf(DataAccessException.class);
		return failure;
	}

}
