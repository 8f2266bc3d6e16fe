package io.github.apiguard.store;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Connects to Redis before the node takes traffic. A short command timeout (what an outage should cost a
 * request) also bounds the first connection's handshake, so a node whose Redis is slow to answer at
 * start-up — a cold Redis, a busy machine — would answer its first requests 503. This lifecycle runs
 * before the web server starts and pings Redis until it answers, for up to the connect timeout: the first
 * requests then find the connection made. If Redis does not answer in time, or fails otherwise than by timing
 * out (refused, unknown host: down, not slow), the node starts anyway, and requests are answered per the outage policies until it is up.
 */
public class RedisWarmUp implements SmartLifecycle {

	/** Before the web server starts taking requests ({@code DEFAULT_PHASE - 1024}). */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private static final Logger logger = LoggerFactory.getLogger(RedisWarmUp.class);

	private static final String LETTUCE_FACTORY = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

	private static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(10);

	private static final Duration FIRST_PAUSE = Duration.ofMillis(50);

	private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);

	private final RedisConnectionFactory connectionFactory;

	private final Duration patience;

	private volatile boolean running;

	/**
	 * The warm-up of a connection factory, patient for as long as its connect timeout
	 * ({@code spring.data.redis.connect-timeout}; Lettuce's default of 10 s when unset) — apart from the
	 * command timeout, which bounds each request's store calls.
	 * @param connectionFactory the application's connection factory
	 * @return the warm-up
	 */
	public static RedisWarmUp of(RedisConnectionFactory connectionFactory) {
		Duration patience = ClassUtils.isPresent(LETTUCE_FACTORY, RedisWarmUp.class.getClassLoader())
				? LettuceConnectTimeout.of(connectionFactory) : null;
		return new RedisWarmUp(connectionFactory, (patience != null) ? patience : DEFAULT_PATIENCE);
	}

	/**
	 * Creates the warm-up.
	 * @param connectionFactory the application's connection factory
	 * @param patience how long to keep trying at start-up (the connect timeout)
	 */
	public RedisWarmUp(RedisConnectionFactory connectionFactory, Duration patience) {
		this.connectionFactory = connectionFactory;
		this.patience = patience;
	}

	@Override
	public void start() {
		long deadline = System.nanoTime() + this.patience.toNanos();
		Duration pause = FIRST_PAUSE;
		for (int attempt = 1;; attempt++) {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				connection.ping();
				if (attempt > 1) {
					logger.info("Redis answered at attempt {}", attempt);
				}
				break;
			}
			catch (RuntimeException ex) {
				if (!isTimeout(ex)) {
					// Refused, unknown host, wrong password: Redis is not slow but unavailable, and waiting would not
					// help; the outage policies answer it.
					logger.warn("Redis could not be reached at start-up ({}); starting anyway: requests are answered "
							+ "per the outage policies until it can", ex.getMessage());
					break;
				}
				if (System.nanoTime() > deadline) {
					logger.warn("Redis did not answer within {} at start-up ({}); starting anyway: requests are answered "
							+ "per the outage policies until it does", this.patience, ex.getMessage());
					break;
				}
				if (attempt == 1) {
					logger.info("Redis did not answer yet ({}); retrying for up to {} before taking traffic",
							ex.getMessage(), this.patience);
				}
				if (!sleep(pause)) {
					break;
				}
				pause = (pause.compareTo(LONGEST_PAUSE) < 0) ? pause.multipliedBy(2) : LONGEST_PAUSE;
			}
		}
		this.running = true;
	}

	private static boolean isTimeout(Throwable failure) {
		// Lettuce's RedisCommandTimeoutException (the handshake too), Spring's QueryTimeoutException, and the
		// JDK's TimeoutException: a Redis that is there but slow to answer.
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getSimpleName().contains("Timeout")) {
				return true;
			}
		}
		return false;
	}

	private static boolean sleep(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Reads Lettuce's connect timeout; a separate class, so Jedis-only applications never load Lettuce types.
	 */
	private static final class LettuceConnectTimeout {

		static @Nullable Duration of(RedisConnectionFactory connectionFactory) {
			return (connectionFactory instanceof LettuceConnectionFactory lettuce) ? lettuce.getClientConfiguration()
				.getClientOptions()
				.map((options) -> options.getSocketOptions().getConnectTimeout())
				.orElse(null) : null;
		}

	}

}
