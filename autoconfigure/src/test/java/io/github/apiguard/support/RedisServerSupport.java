package io.github.apiguard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * One real {@code redis-server} for the whole test JVM, from the {@code embedded-redis} artifact (so CI
 * needs nothing installed). It listens on loopback on a free port, keeps nothing on disk, and can be
 * stopped and started again on the same port to test outages.
 */
public final class RedisServerSupport {

	private static RedisServerSupport instance;

	private final int port;

	private RedisServer server;

	private RedisServerSupport(int port) {
		this.port = port;
	}

	/**
	 * The shared server, started on first use.
	 * @return the running server
	 */
	public static synchronized RedisServerSupport shared() {
		if (instance == null) {
			instance = new RedisServerSupport(freePort());
			instance.start();
			Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "redis-server-shutdown"));
		}
		else if (!instance.isRunning()) {
			instance.start();
		}
		return instance;
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Starts the server (again) on its port.
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		try {
			this.server = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(this.port)
				.setting("save \"\"")
				.setting("appendonly no")
				.setting("maxmemory 256mb")
				.build();
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start redis-server on port " + this.port, ex);
		}
	}

	/**
	 * Stops the server, as an outage would.
	 */
	public synchronized void stop() {
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

	/**
	 * Whether the server is running.
	 * @return whether it runs
	 */
	public synchronized boolean isRunning() {
		return this.server != null && this.server.isActive();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
