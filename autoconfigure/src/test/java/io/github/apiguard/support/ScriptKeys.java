package io.github.apiguard.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The keys of every script call ({@code EVAL}, {@code EVALSHA}) a Lettuce client sends, read from the command
 * as it goes on the wire: what Redis (or a Redis Cluster, which routes by them) is given, not what the caller
 * meant to give.
 */
public final class ScriptKeys implements CommandListener {

	private final List<List<String>> calls = new ArrayList<>();

	private ScriptKeys() {
	}

	/**
	 * Starts recording the script calls of a started factory's client.
	 * @param factory the factory, started
	 * @return the recording
	 */
	public static ScriptKeys recordedOn(LettuceConnectionFactory factory) {
		ScriptKeys keys = new ScriptKeys();
		((AbstractRedisClient) factory.getNativeClient()).addListener(keys);
		return keys;
	}

	/**
	 * The keys of each script call so far, in order.
	 * @return one list of keys per call
	 */
	public synchronized List<List<String>> calls() {
		return List.copyOf(this.calls);
	}

	/**
	 * Forgets the calls so far.
	 */
	public synchronized void clear() {
		this.calls.clear();
	}

	@Override
	public void commandStarted(CommandStartedEvent event) {
		String type = event.getCommand().getType().toString();
		if (type.equals("EVAL") || type.equals("EVALSHA")) {
			List<String> arguments = arguments(event.getCommand().getArgs());
			// Script or SHA, the number of keys, the keys, then ARGV.
			int count = Integer.parseInt(arguments.get(1));
			synchronized (this) {
				this.calls.add(List.copyOf(arguments.subList(2, 2 + count)));
			}
		}
	}

	/**
	 * The arguments as Redis receives them: each is written as a RESP bulk string, {@code $<length>\r\n<bytes>\r\n}.
	 */
	private static List<String> arguments(CommandArgs<?, ?> args) {
		ByteBuf buffer = Unpooled.buffer();
		try {
			args.encode(buffer);
			List<String> arguments = new ArrayList<>();
			while (buffer.isReadable()) {
				if (buffer.readByte() != '$') {
					throw new IllegalStateException("Not a bulk string at " + (buffer.readerIndex() - 1));
				}
				int length = 0;
				for (byte digit = buffer.readByte(); digit != '\r'; digit = buffer.readByte()) {
					length = length * 10 + (digit - '0');
				}
				buffer.skipBytes(1);
				arguments.add(buffer.readCharSequence(length, StandardCharsets.UTF_8).toString());
				buffer.skipBytes(2);
			}
			return arguments;
		}
		finally {
			buffer.release();
		}
	}

}
