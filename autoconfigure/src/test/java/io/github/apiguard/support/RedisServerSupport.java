package io.github.apiguard.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import redis.embedded.RedisServer;

/**
 * One real {@code redis-server} for the whole test JVM, from the {@code embedded-redis} artifact (so CI
 * needs nothing installed). It listens on loopback on a free port, keeps nothing on disk, and can be
 * stopped and started again on the same port to test outages. A test that makes Redis slow on purpose
 * ({@link #pause()}) takes a {@link #dedicated()} server of its own, so that no other test waits on it.
 */
public final class RedisServerSupport {

	private static RedisServerSupport instance;

	private final int port;

	private RedisServer server;

	private long pausedProcess;

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
	 * A server of the caller's own, started; the caller stops it.
	 * @return the running server
	 */
	public static RedisServerSupport dedicated() {
		RedisServerSupport server = new RedisServerSupport(freePort());
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "redis-server-shutdown"));
		return server;
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
	 * Freezes the server process (SIGSTOP): connections stay open and the kernel still accepts what clients
	 * send, but nothing is read or answered until {@link #resume()} — a Redis that is slow, not down.
	 */
	public synchronized void pause() {
		if (this.pausedProcess == 0) {
			long pid = processId();
			signal("STOP", pid);
			this.pausedProcess = pid;
		}
	}

	/**
	 * Lets a paused server run again (SIGCONT); it then reads and runs, in order, what clients sent meanwhile.
	 */
	public synchronized void resume() {
		if (this.pausedProcess != 0) {
			signal("CONT", this.pausedProcess);
			this.pausedProcess = 0;
		}
	}

	/**
	 * Stops the server, as an outage would.
	 */
	public synchronized void stop() {
		// A stopped process would not act on the termination signal until continued.
		resume();
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

	private long processId() {
		// The server says who it is: the embedded-redis artifact does not expose its process.
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
			BufferedReader reply = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			for (String line = reply.readLine(); line != null; line = reply.readLine()) {
				if (line.startsWith("process_id:")) {
					return Long.parseLong(line.substring("process_id:".length()).trim());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("redis-server on port " + this.port + " did not tell its process id");
	}

	private static void signal(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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
