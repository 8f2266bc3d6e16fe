package io.github.apiguard.ratelimit.store;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;

/**
 * The script on the native connection that a {@link LettuceConnectionFactory} shares between all its
 * {@link RedisConnection}s (standalone, Sentinel or Cluster), held between calls: asking the factory for a
 * connection on every call takes a lock and builds a connection object around the same native one. The held
 * connection is asked for again when it is not open (closed by a reset of the factory, or reconnecting), so a
 * reconnected or new connection is picked up; while it is down, calls fail as any command would (rejected at
 * once, or timing out after the command timeout).
 */
final class LettuceRateLimitScript extends RateLimitScript {

	private static final LettuceExceptionConverter EXCEPTIONS = new LettuceExceptionConverter();

	private final LettuceConnectionFactory connectionFactory;

	private final long timeoutNanos;

	private volatile @Nullable Held held;

	private LettuceRateLimitScript(LettuceConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
		this.timeoutNanos = connectionFactory.getClientConfiguration().getCommandTimeout().toNanos();
	}

	static boolean canShare(RedisConnectionFactory connectionFactory) {
		return connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.getShareNativeConnection();
	}

	static LettuceRateLimitScript of(LettuceConnectionFactory connectionFactory) {
		return new LettuceRateLimitScript(connectionFactory);
	}

	@Override
	long[] run(byte[][] keys, byte[][] args) {
		try {
			return call(keys, args);
		}
		catch (RuntimeException ex) {
			// Lettuce's own exceptions, translated as Spring Data Redis translates them for its own calls.
			DataAccessException translated = EXCEPTIONS.convert(ex);
			throw (translated != null) ? translated : ex;
		}
	}

	private long[] call(byte[][] keys, byte[][] args) {
		RedisClusterAsyncCommands<byte[], byte[]> commands = commands();
		long[] result;
		try {
			result = await(commands.dispatch(CommandType.EVALSHA, new Integers(),
					arguments(start().add(SHA1), keys, args)));
		}
		catch (RuntimeException ex) {
			if (!isNoScript(ex)) {
				throw ex;
			}
			result = await(commands.dispatch(CommandType.EVAL, new Integers(), arguments(start().add(TEXT), keys, args)));
		}
		if (result == null) {
			throw new IllegalStateException("Unexpected script result: not an array of integers");
		}
		return result;
	}

	/**
	 * {@code EVALSHA sha numkeys key... arg...} ({@code EVAL} with the script instead of its SHA). The keys are
	 * added as keys: a cluster connection routes the command by the first one's slot.
	 */
	private static CommandArgs<byte[], byte[]> arguments(CommandArgs<byte[], byte[]> head, byte[][] keys, byte[][] args) {
		head.add(keys.length);
		for (byte[] key : keys) {
			head.addKey(key);
		}
		for (byte[] arg : args) {
			head.add(arg);
		}
		return head;
	}

	private static CommandArgs<byte[], byte[]> start() {
		return new CommandArgs<>(ByteArrayCodec.INSTANCE);
	}

	private long @Nullable [] await(RedisFuture<long @Nullable []> future) {
		return LettuceFutures.awaitOrCancel(future, this.timeoutNanos, TimeUnit.NANOSECONDS);
	}

	private RedisClusterAsyncCommands<byte[], byte[]> commands() {
		Held held = this.held;
		if (held == null || !held.connection().isOpen()) {
			held = acquire();
			this.held = held;
		}
		return held.commands();
	}

	private Held acquire() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisClusterAsyncCommands<byte[], byte[]> commands = ((LettuceConnection) connection).getNativeConnection();
			StatefulConnection<byte[], byte[]> stateful;
			if (commands instanceof RedisAsyncCommands<byte[], byte[]> standalone) {
				stateful = standalone.getStatefulConnection();
			}
			else if (commands instanceof RedisAdvancedClusterAsyncCommands<byte[], byte[]> cluster) {
				stateful = cluster.getStatefulConnection();
			}
			else {
				throw new IllegalStateException("Unexpected native connection " + commands.getClass().getName());
			}
			return new Held(stateful, commands);
		}
	}

	private record Held(StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> commands) {
	}

	/**
	 * A flat array of integers, decoded into a {@code long[]} as it is read: no list, no boxing. Anything else
	 * (a string, a nested array) makes the result {@code null}.
	 */
	static final class Integers extends CommandOutput<byte[], byte[], long @Nullable []> {

		private static final long[] NONE = new long[0];

		private int next;

		private boolean unexpected;

		private boolean array;

		Integers() {
			super(ByteArrayCodec.INSTANCE, NONE);
		}

		@Override
		public void multi(int count) {
			if (this.array) {
				this.unexpected = true;
				return;
			}
			this.array = true;
			if (count > 0) {
				this.output = new long[count];
			}
		}

		@Override
		public void set(long integer) {
			long[] numbers = this.output;
			if (numbers == null || this.next >= numbers.length) {
				this.unexpected = true;
				return;
			}
			numbers[this.next++] = integer;
		}

		@Override
		public void set(@Nullable ByteBuffer bytes) {
			this.unexpected = true;
		}

		@Override
		public void setSingle(@Nullable ByteBuffer bytes) {
			this.unexpected = true;
		}

		@Override
		public void set(double number) {
			this.unexpected = true;
		}

		@Override
		public void set(boolean value) {
			this.unexpected = true;
		}

		@Override
		public long @Nullable [] get() {
			long[] numbers = this.output;
			return (this.unexpected || !this.array || numbers == null || this.next != numbers.length) ? null : numbers;
		}

	}

}
