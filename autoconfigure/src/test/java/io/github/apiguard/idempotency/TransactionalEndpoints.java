package io.github.apiguard.idempotency;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An endpoint whose business write is the application's own {@code @Transactional} service on the same
 * {@code DataSource} as the JDBC idempotency store: it inserts a build row, and fails or waits on demand.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ TransactionalEndpoints.Builds.class, TransactionalEndpoints.Controller.class })
public class TransactionalEndpoints {

	/** The business table, created by the test. */
	static volatile String table = "tx_builds";

	/** How many coming requests throw after their insert, before their transaction commits (rolled back). */
	static final AtomicInteger failBeforeCommit = new AtomicInteger();

	/** How many coming requests throw after their transaction committed. */
	static final AtomicInteger failAfterCommit = new AtomicInteger();

	/** When set, the handler waits for it inside its transaction (a hang detector bounds the wait). */
	static volatile CountDownLatch gate;

	/** How many requests wait at the gate. */
	static final AtomicInteger waiting = new AtomicInteger();

	/**
	 * The application's service: one transaction per build.
	 */
	public static class Builds {

		private final JdbcClient jdbc;

		Builds(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional
		public long create(String name) throws InterruptedException {
			this.jdbc.sql("INSERT INTO " + table + " (name) VALUES (?)").param(name).update();
			CountDownLatch wait = gate;
			if (wait != null) {
				waiting.incrementAndGet();
				try {
					if (!wait.await(120, TimeUnit.SECONDS)) {
						throw new IllegalStateException("The test never opened the gate");
					}
				}
				finally {
					waiting.decrementAndGet();
				}
			}
			if (failBeforeCommit.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new IllegalStateException("The build could not be created");
			}
			return this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
		}

	}

	@RestController
	static class Controller {

		private final Builds builds;

		Controller(Builds builds) {
			this.builds = builds;
		}

		@Idempotent(transactional = true)
		@PostMapping("/tx/builds")
		ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, String> request) throws InterruptedException {
			long count = this.builds.create(request.get("name"));
			if (failAfterCommit.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new IllegalStateException("Rendering failed after the build committed");
			}
			return ResponseEntity.created(URI.create("/tx/builds/" + request.get("name")))
				.body(Map.of("name", request.get("name"), "count", count));
		}

	}

}
