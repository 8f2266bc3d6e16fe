package io.github.apiguard.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} (from the embedded-redis artifact) on a free loopback port, for benchmarks.
 */
final class EmbeddedRedis implements AutoCloseable {

	private final RedisServer server;

	private final int port;

	EmbeddedRedis() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		this.server = RedisServer.newRedisServer()
			.bind("127.0.0.1")
			.port(this.port)
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		this.server.start();
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws IOException {
		this.server.stop();
	}

}
