package io.github.apiguard.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;

/**
 * JDBC calls per idempotent request on the JDBC store, counted by a proxy around the pool's {@code DataSource}
 * (connections borrowed, statements executed, commits, rollbacks), on H2 and on PostgreSQL; on PostgreSQL also
 * the driver's round trips to the server, counted on its sockets ({@link CountingSocketFactory}). H2 is
 * embedded: it has no round trips (0).
 * <p>
 * Run: {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
 * io.github.apiguard.benchmarks.JdbcStatementCounts}
 */
public final class JdbcStatementCounts {

	private static final int OPERATIONS = 2_000;

	private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
			"executeLargeUpdate", "executeBatch");

	private final LongAdder connections = new LongAdder();

	private final LongAdder statements = new LongAdder();

	private final LongAdder commits = new LongAdder();

	private final LongAdder rollbacks = new LongAdder();

	private JdbcStatementCounts() {
	}

	public static void main(String[] args) throws Exception {
		rows().forEach(System.out::println);
		System.exit(0);
	}

	/**
	 * Measures, on H2 and PostgreSQL.
	 * @return one Markdown table row per database and request
	 */
	static List<String> rows() throws Exception {
		List<String> rows = new ArrayList<>();
		for (String platform : new String[] { "h2", "postgresql" }) {
			measure(platform).forEach((operation, figures) -> rows.add("| " + platform + " | " + operation + " | "
					+ figures + " |"));
		}
		return rows;
	}

	private static Map<String, String> measure(String platform) throws Exception {
		Map<String, String> rows = new LinkedHashMap<>();
		JdbcStatementCounts counts = new JdbcStatementCounts();
		String run = Long.toString(System.nanoTime(), 36);
		try (IdempotencyStores stores = IdempotencyStores.open(platform, 2, counts::wrap, true)) {
			JdbcIdempotencyStore store = (JdbcIdempotencyStore) stores.store();
			rows.put("first request, plain (claim + complete)", counts.perOperation(() -> {
				for (int i = 0; i < OPERATIONS; i++) {
					firstRequest(store, run + "-plain-" + i);
				}
			}));
			rows.put("first request, transactional (claim + mark in the handler's transaction + complete)",
					counts.perOperation(() -> {
						for (int i = 0; i < OPERATIONS; i++) {
							IdempotencyClaim claim = IdempotencyStores.claim(run + "-tx-" + i, true);
							require(store.claim(claim), ClaimResult.Outcome.CLAIMED);
							// The handler's own transaction, here holding only the mark (its business writes add theirs).
							stores.handlerTransaction().executeWithoutResult((status) -> {
								if (!store.markCommitted(claim.key(), claim.owner())) {
									throw new IllegalStateException("mark refused");
								}
							});
							store.complete(claim.key(), claim.owner(), IdempotencyStores.RESPONSE, IdempotencyStores.TTL);
						}
					}));
			rows.put("replay (a claim of a completed key)", counts.perOperation(() -> {
				for (int i = 0; i < OPERATIONS; i++) {
					require(store.claim(IdempotencyStores.claim(run + "-plain-" + i, false)), ClaimResult.Outcome.REPLAY);
				}
			}));
		}
		return rows;
	}

	private static void firstRequest(IdempotencyStore store, String key) {
		IdempotencyClaim claim = IdempotencyStores.claim(key, false);
		require(store.claim(claim), ClaimResult.Outcome.CLAIMED);
		store.complete(claim.key(), claim.owner(), IdempotencyStores.RESPONSE, IdempotencyStores.TTL);
	}

	private static void require(ClaimResult result, ClaimResult.Outcome outcome) {
		if (result.outcome() != outcome) {
			throw new IllegalStateException("Expected " + outcome + ", got " + result);
		}
	}

	private String perOperation(Runnable operations) {
		long c = this.connections.sum();
		long s = this.statements.sum();
		long k = this.commits.sum();
		long r = this.rollbacks.sum();
		long t = CountingSocketFactory.ROUND_TRIPS.sum();
		operations.run();
		return String.format(Locale.ROOT,
				"%.2f connections, %.2f statements, %.2f commits, %.2f rollbacks, %.2f round trips to the server",
				(this.connections.sum() - c) / (double) OPERATIONS, (this.statements.sum() - s) / (double) OPERATIONS,
				(this.commits.sum() - k) / (double) OPERATIONS, (this.rollbacks.sum() - r) / (double) OPERATIONS,
				(CountingSocketFactory.ROUND_TRIPS.sum() - t) / (double) OPERATIONS);
	}

	private DataSource wrap(DataSource target) {
		return proxy(DataSource.class, target, (proxy, method, args) -> {
			Object result = invoke(target, method, args);
			if (method.getName().equals("getConnection")) {
				this.connections.increment();
				return connection((Connection) result);
			}
			return result;
		});
	}

	private Connection connection(Connection target) {
		return proxy(Connection.class, target, (proxy, method, args) -> {
			Object result = invoke(target, method, args);
			switch (method.getName()) {
				case "commit" -> this.commits.increment();
				case "rollback" -> this.rollbacks.increment();
				case "prepareStatement", "createStatement", "prepareCall" -> {
					return statement((Statement) result);
				}
				default -> {
				}
			}
			return result;
		});
	}

	private Statement statement(Statement target) {
		Class<?> type = (target instanceof java.sql.CallableStatement) ? java.sql.CallableStatement.class
				: (target instanceof java.sql.PreparedStatement) ? java.sql.PreparedStatement.class : Statement.class;
		return (Statement) proxy(type, target, (proxy, method, args) -> {
			if (EXECUTIONS.contains(method.getName())) {
				this.statements.increment();
			}
			return invoke(target, method, args);
		});
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<?> type, Object target, InvocationHandler handler) {
		return (T) Proxy.newProxyInstance(JdbcStatementCounts.class.getClassLoader(), new Class<?>[] { type }, handler);
	}

	private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
