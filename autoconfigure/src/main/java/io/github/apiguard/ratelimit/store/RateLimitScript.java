package io.github.apiguard.ratelimit.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Runs {@code rate-limit.lua}: {@code EVALSHA} with keys and arguments already encoded as bytes, answered by an
 * array of integers; {@code EVAL} (which also caches the script) in the same call when Redis answers
 * {@code NOSCRIPT}, as after {@code SCRIPT FLUSH}, a restart or a fail-over to a replica that never saw the
 * script. In a Redis Cluster the call goes to the node of the first key's slot, which holds all the keys of one
 * decision (they share a hash tag).
 * <p>
 * On Lettuce with a shared native connection (Spring Data Redis' default) the script is sent on that connection
 * directly, held between calls; otherwise through a connection from the factory for each call.
 */
abstract class RateLimitScript {

	static final byte[] TEXT = text();

	static final String SHA1 = sha1(TEXT);

	private static final String LETTUCE_FACTORY = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

	/**
	 * The way to run the script on a connection factory.
	 * @param connectionFactory the application's connection factory
	 * @return how to run the script
	 */
	static RateLimitScript on(RedisConnectionFactory connectionFactory) {
		if (ClassUtils.isPresent(LETTUCE_FACTORY, RateLimitScript.class.getClassLoader())
				&& LettuceRateLimitScript.canShare(connectionFactory)) {
			return LettuceRateLimitScript.of((LettuceConnectionFactory) connectionFactory);
		}
		return new ConnectionPerCall(connectionFactory);
	}

	/**
	 * Runs the script.
	 * @param keys the keys, all of one hash slot
	 * @param args the arguments
	 * @return the script's answer
	 * @throws RuntimeException what the client threw: Lettuce's exceptions or Spring's translations of them
	 */
	abstract long[] run(byte[][] keys, byte[][] args);

	/**
	 * Whether Redis answered that it does not know the script.
	 * @param failure the failure
	 * @return whether running it with {@code EVAL} would help
	 */
	static boolean isNoScript(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			String message = cause.getMessage();
			if (message != null && message.startsWith("NOSCRIPT")) {
				return true;
			}
		}
		return false;
	}

	private static byte[] text() {
		try (InputStream in = RateLimitScript.class.getResourceAsStream("rate-limit.lua")) {
			if (in == null) {
				throw new IllegalStateException("rate-limit.lua is missing from the class path");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read rate-limit.lua", ex);
		}
	}

	private static String sha1(byte[] text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Any connection factory (Jedis, Lettuce without a shared connection): a connection from the factory per call,
	 * through Spring Data Redis' scripting commands.
	 */
	static final class ConnectionPerCall extends RateLimitScript {

		private static final byte[] SHA1_BYTES = SHA1.getBytes(StandardCharsets.US_ASCII);

		private final RedisConnectionFactory connectionFactory;

		ConnectionPerCall(RedisConnectionFactory connectionFactory) {
			this.connectionFactory = connectionFactory;
		}

		@Override
		long[] run(byte[][] keys, byte[][] args) {
			byte[][] keysAndArgs = new byte[keys.length + args.length][];
			System.arraycopy(keys, 0, keysAndArgs, 0, keys.length);
			System.arraycopy(args, 0, keysAndArgs, keys.length, args.length);
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				List<Object> reply;
				try {
					reply = connection.scriptingCommands().evalSha(SHA1_BYTES, ReturnType.MULTI, keys.length, keysAndArgs);
				}
				catch (RuntimeException ex) {
					if (!isNoScript(ex)) {
						throw ex;
					}
					reply = connection.scriptingCommands().eval(TEXT, ReturnType.MULTI, keys.length, keysAndArgs);
				}
				if (reply == null) {
					throw new IllegalStateException("Unexpected script result: none");
				}
				long[] numbers = new long[reply.size()];
				for (int i = 0; i < numbers.length; i++) {
					if (!(reply.get(i) instanceof Long number)) {
						throw new IllegalStateException("Unexpected script result: " + reply);
					}
					numbers[i] = number;
				}
				return numbers;
			}
		}

	}

}
