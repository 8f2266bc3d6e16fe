package io.github.apiguard.sample.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} (from the embedded-redis artifact) configured the way docs/IDEMPOTENCY.md
 * asks production to run it: append-only file fsynced on every write and {@code noeviction}. Stopping and
 * starting it again on the same port is an outage, not a data loss, so a duplicate execution after the
 * restart would be apiguard's fault, not Redis forgetting a claim. (The shared {@code RedisServerSupport}
 * keeps nothing on disk.)
 */
final class DurableRedis {

	private final int port = SampleProcess.freePort();

	private final Path directory;

	private RedisServer server;

	DurableRedis() {
		try {
			this.directory = Files.createTempDirectory("apiguard-faults-redis");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		start();
	}

	int port() {
		return this.port;
	}

	synchronized void start() {
		try {
			this.server = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(this.port)
				.setting("dir " + this.directory)
				.setting("save \"\"")
				.setting("appendonly yes")
				.setting("appendfsync always")
				.setting("maxmemory 256mb")
				.setting("maxmemory-policy noeviction")
				.build();
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start redis-server on port " + this.port, ex);
		}
	}

	synchronized void stop() {
		if (this.server != null) {
			try {
				this.server.stop();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.server = null;
		}
	}

}
