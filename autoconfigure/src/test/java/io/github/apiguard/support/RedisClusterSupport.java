package io.github.apiguard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import redis.embedded.RedisServer;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.awaitility.Awaitility.await;

/**
 * One real Redis Cluster of three masters (no replicas) for the whole test JVM, from the {@code embedded-redis}
 * artifact's {@code redis-server}, so CI needs nothing installed: not {@code redis-cli} either. The cluster is
 * formed here with the commands {@code redis-cli --cluster create} sends: each node gets its config epoch and a
 * third of the 16384 slots ({@code CLUSTER ADDSLOTS}; {@code ADDSLOTSRANGE} needs Redis 7, the artifact
 * bundles 6.2), the first meets the others ({@code CLUSTER MEET}), and the cluster is used once every node
 * says {@code cluster_state:ok} and all agree on who serves which slots. Nodes listen on loopback, keep
 * nothing but their {@code nodes.conf} (in a temporary directory), and are stopped when the JVM exits.
 * <p>
 * Test classes share the cluster; each keeps its keys apart with a key prefix of its own instead of
 * flushing.
 */
public final class RedisClusterSupport {

	private static final int MASTERS = 3;

	/** Redis' cluster bus listens on the client port plus 10000 (Redis 6.2 has no {@code cluster-port}). */
	private static final int BUS_PORT_OFFSET = 10000;

	private static final Duration HANG_DETECTOR = Duration.ofSeconds(120);

	private static RedisClusterSupport instance;

	private final List<Integer> ports;

	private final Path directory;

	private final List<RedisServer> servers = new ArrayList<>();

	private RedisClusterSupport(List<Integer> ports, Path directory) {
		this.ports = ports;
		this.directory = directory;
	}

	/**
	 * The shared cluster, formed on first use.
	 * @return the running cluster
	 */
	public static synchronized RedisClusterSupport shared() {
		if (instance == null) {
			RedisClusterSupport cluster = new RedisClusterSupport(freePorts(), temporaryDirectory());
			Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "redis-cluster-shutdown"));
			cluster.start();
			instance = cluster;
		}
		return instance;
	}

	/**
	 * The masters' client ports.
	 * @return the ports, in the order of the slot ranges they serve
	 */
	public List<Integer> ports() {
		return this.ports;
	}

	/**
	 * The nodes as {@code spring.data.redis.cluster.nodes} takes them.
	 * @return {@code 127.0.0.1:port} of every master
	 */
	public List<String> nodes() {
		return this.ports.stream().map((port) -> "127.0.0.1:" + port).toList();
	}

	/**
	 * The value of {@code spring.data.redis.cluster.nodes}.
	 * @return the nodes, comma-separated
	 */
	public String nodesProperty() {
		return String.join(",", nodes());
	}

	/**
	 * A started Lettuce connection factory for the cluster, whose commands time out only after
	 * {@code commandTimeout}: exact tests give it generously, so that a busy machine never reaches it.
	 * @param commandTimeout the command timeout
	 * @return the factory; the caller destroys it
	 */
	public LettuceConnectionFactory connectionFactory(Duration commandTimeout) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisClusterConfiguration(nodes()),
				LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * How many keys matching {@code pattern} each master holds, asked of each node directly.
	 * @param pattern a {@code SCAN MATCH} pattern
	 * @return keys per master's port
	 */
	public Map<Integer, Long> keysPerMaster(String pattern) {
		Map<Integer, Long> counts = new LinkedHashMap<>();
		for (int port : this.ports) {
			counts.put(port, onNode(port, (redis) -> {
				long count = 0;
				ScanIterator<String> keys = ScanIterator.scan(redis, ScanArgs.Builder.matches(pattern).limit(1000));
				while (keys.hasNext()) {
					keys.next();
					count++;
				}
				return count;
			}));
		}
		return counts;
	}

	/**
	 * The port of the master serving a key's slot.
	 * @param key a key
	 * @return the master's port
	 */
	public int masterOf(String key) {
		return this.ports.get(slotOwner(SlotHash.getSlot(key)));
	}

	private static int slotOwner(int slot) {
		return Math.min(slot / slotsPerMaster(), MASTERS - 1);
	}

	private static int slotsPerMaster() {
		return SlotHash.SLOT_COUNT / MASTERS;
	}

	private void start() {
		try {
			for (int port : this.ports) {
				RedisServer server = RedisServer.newRedisServer()
					.bind("127.0.0.1")
					.port(port)
					.setting("save \"\"")
					.setting("appendonly no")
					.setting("maxmemory 256mb")
					.setting("cluster-enabled yes")
					.setting("cluster-config-file nodes-" + port + ".conf")
					// Failure detection is not under test: a node a busy machine keeps from answering for a while
					// must not be declared failed (no replica could take over; the cluster would go down).
					.setting("cluster-node-timeout 60000")
					.setting("dir " + this.directory)
					.build();
				this.servers.add(server);
				server.start();
			}
		}
		catch (IOException ex) {
			stop();
			throw new UncheckedIOException("Could not start the Redis Cluster nodes on ports " + this.ports, ex);
		}
		try {
			form();
		}
		catch (RuntimeException ex) {
			stop();
			throw ex;
		}
	}

	private void form() {
		for (int i = 0; i < MASTERS; i++) {
			int first = i * slotsPerMaster();
			int last = (i == MASTERS - 1) ? SlotHash.SLOT_COUNT - 1 : first + slotsPerMaster() - 1;
			long epoch = i + 1;
			onNode(this.ports.get(i), (redis) -> {
				// Distinct epochs, as redis-cli sets them: no epoch collision for the nodes to resolve first.
				redis.clusterSetConfigEpoch(epoch);
				return redis.clusterAddSlots(IntStream.rangeClosed(first, last).toArray());
			});
		}
		onNode(this.ports.get(0), (redis) -> {
			for (int port : this.ports.subList(1, MASTERS)) {
				redis.clusterMeet("127.0.0.1", port);
			}
			return null;
		});
		await("every node of the Redis Cluster " + this.ports + " in state ok, agreeing on the slots")
			.atMost(HANG_DETECTOR)
			.pollInterval(Duration.ofMillis(100))
			.until(this::formed);
	}

	private boolean formed() {
		Set<String> slotMaps = new TreeSet<>();
		for (int port : this.ports) {
			String info = onNode(port, RedisCommands::clusterInfo);
			if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + MASTERS)
					|| !info.contains("cluster_slots_ok:" + SlotHash.SLOT_COUNT)) {
				return false;
			}
			String slotMap = slotMap(onNode(port, RedisCommands::clusterNodes));
			if (slotMap == null) {
				return false;
			}
			slotMaps.add(slotMap);
		}
		return slotMaps.size() == 1;
	}

	/**
	 * Who serves which slots, as one node sees it: {@code 127.0.0.1:port slots} per master, sorted; or
	 * {@code null} while the node does not know every master connected, at its address, with its slots.
	 */
	private static String slotMap(String clusterNodes) {
		List<String> masters = new ArrayList<>();
		for (String line : clusterNodes.split("\n")) {
			String[] fields = line.trim().split(" ");
			if (fields.length < 9) {
				// A master that serves no slots (yet, in this node's view).
				return null;
			}
			String address = fields[1].substring(0, fields[1].indexOf('@'));
			if (!fields[2].contains("master") || !"connected".equals(fields[7]) || address.startsWith(":")) {
				return null;
			}
			masters.add(address + " " + String.join(" ", List.of(fields).subList(8, fields.length)));
		}
		masters.sort(Comparator.naturalOrder());
		return (masters.size() == MASTERS) ? String.join("\n", masters) : null;
	}

	private synchronized void stop() {
		for (RedisServer server : this.servers) {
			try {
				server.stop();
			}
			catch (IOException | RuntimeException ex) {
				// Stopping the others matters more.
			}
		}
		this.servers.clear();
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary directory left behind.
		}
	}

	private static <T> T onNode(int port, NodeCommand<T> command) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.setTimeout(Duration.ofSeconds(30));
			return command.run(connection.sync());
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
		}
	}

	/**
	 * Three client ports whose cluster bus ports are free too.
	 */
	private static List<Integer> freePorts() {
		List<Integer> ports = new ArrayList<>();
		while (ports.size() < MASTERS) {
			int port = freePort();
			if (port + BUS_PORT_OFFSET <= 65535 && !ports.contains(port) && isFree(port + BUS_PORT_OFFSET)) {
				ports.add(port);
			}
		}
		return List.copyOf(ports);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("apiguard-redis-cluster");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@FunctionalInterface
	private interface NodeCommand<T> {

		T run(RedisCommands<String, String> redis);

	}

}
