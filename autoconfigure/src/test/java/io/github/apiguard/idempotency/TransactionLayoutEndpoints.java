package io.github.apiguard.idempotency;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Endpoints written the way real applications lay out their transactions, on the same {@code DataSource} as
 * the JDBC idempotency store: a {@code NESTED} step inside the handler's transaction (and a {@code REQUIRES_NEW}
 * write after it), a filter that runs the whole request in one transaction ahead of apiguard's filter, a handler
 * that marks its transaction rollback-only and still answers 201, and one that writes with auto-commit.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ TransactionLayoutEndpoints.Steps.class, TransactionLayoutEndpoints.Builds.class,
		TransactionLayoutEndpoints.Controller.class })
public class TransactionLayoutEndpoints {

	/** The business table, created by the test. */
	static volatile String table = "layout_builds";

	/** When set, handlers wait for it at their pause point (a hang detector bounds the wait). */
	static volatile CountDownLatch gate;

	/** How many requests wait at the gate. */
	static final AtomicInteger waiting = new AtomicInteger();

	/** How many coming wrapped requests the filter rolls back after the chain returned normally. */
	static final AtomicInteger rollBackAfterChain = new AtomicInteger();

	@Bean
	FilterRegistrationBean<WholeRequestTransactionFilter> wholeRequestTransactionFilter(
			PlatformTransactionManager transactionManager) {
		// Between Spring's RequestContextFilter (-105) and apiguard's idempotency filter (0).
		return wholeRequestTransactionFilter(transactionManager, "/layouts/wrapped/*", -1);
	}

	@Bean
	FilterRegistrationBean<WholeRequestTransactionFilter> earlyWholeRequestTransactionFilter(
			PlatformTransactionManager transactionManager) {
		// Ahead of Spring's RequestContextFilter: when it commits, no request is bound to the thread any more.
		return wholeRequestTransactionFilter(transactionManager, "/layouts/early-wrapped/*", -200);
	}

	private static FilterRegistrationBean<WholeRequestTransactionFilter> wholeRequestTransactionFilter(
			PlatformTransactionManager transactionManager, String pattern, int order) {
		FilterRegistrationBean<WholeRequestTransactionFilter> registration = new FilterRegistrationBean<>(
				new WholeRequestTransactionFilter(new TransactionTemplate(transactionManager)));
		registration.addUrlPatterns(pattern);
		registration.setOrder(order);
		return registration;
	}

	static void pause() {
		CountDownLatch wait = gate;
		if (wait == null) {
			return;
		}
		waiting.incrementAndGet();
		try {
			if (!wait.await(120, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The test never opened the gate");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			waiting.decrementAndGet();
		}
	}

	/**
	 * An application filter running the whole request in one transaction, as some applications do for
	 * "one transaction per request".
	 */
	static final class WholeRequestTransactionFilter extends OncePerRequestFilter {

		private final TransactionTemplate transactions;

		WholeRequestTransactionFilter(TransactionTemplate transactions) {
			this.transactions = transactions;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			Exception failure = this.transactions.execute((status) -> {
				try {
					chain.doFilter(request, response);
				}
				catch (IOException | ServletException ex) {
					status.setRollbackOnly();
					return ex;
				}
				if (rollBackAfterChain.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
					// The application's own post-processing decided against the work (say, an audit check).
					status.setRollbackOnly();
				}
				return null;
			});
			if (failure instanceof IOException io) {
				throw io;
			}
			if (failure instanceof ServletException servlet) {
				throw servlet;
			}
		}

	}

	/**
	 * Steps in their own propagation, called from {@link Builds}.
	 */
	public static class Steps {

		private final JdbcClient jdbc;

		Steps(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional(propagation = Propagation.NESTED)
		public void nested(String name) {
			this.jdbc.sql("INSERT INTO " + table + " (name, step) VALUES (?, 'nested')").param(name).update();
		}

		@Transactional(propagation = Propagation.REQUIRES_NEW)
		public void audit(String name) {
			this.jdbc.sql("INSERT INTO " + table + " (name, step) VALUES (?, 'audit')").param(name).update();
		}

	}

	/**
	 * The application's service.
	 */
	public static class Builds {

		private final JdbcClient jdbc;

		private final Steps steps;

		Builds(JdbcClient jdbc, Steps steps) {
			this.jdbc = jdbc;
			this.steps = steps;
		}

		@Transactional
		public void withNestedStep(String name, boolean auditAfter) {
			this.jdbc.sql("INSERT INTO " + table + " (name, step) VALUES (?, 'outer')").param(name).update();
			this.steps.nested(name);
			pause();
			if (auditAfter) {
				this.steps.audit(name);
			}
		}

		@Transactional
		public void rollbackOnly(String name) {
			this.jdbc.sql("INSERT INTO " + table + " (name, step) VALUES (?, 'outer')").param(name).update();
			TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
		}

		public void autoCommitted(String name) {
			this.jdbc.sql("INSERT INTO " + table + " (name, step) VALUES (?, 'auto')").param(name).update();
			pause();
		}

		public void joined(String name) {
			// No @Transactional: joins the transaction the application's filter opened.
			this.jdbc.sql("INSERT INTO " + table + " (name, step) VALUES (?, 'wrapped')").param(name).update();
			pause();
		}

	}

	@RestController
	static class Controller {

		private final Builds builds;

		Controller(Builds builds) {
			this.builds = builds;
		}

		@Idempotent(transactional = true)
		@PostMapping("/layouts/nested")
		ResponseEntity<Map<String, Object>> nested(@RequestBody Map<String, String> request) {
			this.builds.withNestedStep(request.get("name"), false);
			return created(request);
		}

		@Idempotent(transactional = true)
		@PostMapping("/layouts/nested-then-requires-new")
		ResponseEntity<Map<String, Object>> nestedThenRequiresNew(@RequestBody Map<String, String> request) {
			this.builds.withNestedStep(request.get("name"), true);
			return created(request);
		}

		@Idempotent(transactional = true)
		@PostMapping({ "/layouts/wrapped/transactional", "/layouts/early-wrapped/transactional" })
		ResponseEntity<Map<String, Object>> wrappedTransactional(@RequestBody Map<String, String> request) {
			this.builds.joined(request.get("name"));
			return created(request);
		}

		@Idempotent
		@PostMapping({ "/layouts/wrapped/plain", "/layouts/early-wrapped/plain" })
		ResponseEntity<Map<String, Object>> wrappedPlain(@RequestBody Map<String, String> request) {
			this.builds.joined(request.get("name"));
			return created(request);
		}

		@Idempotent(transactional = true)
		@PostMapping("/layouts/rollback-only")
		ResponseEntity<Map<String, Object>> rollbackOnly(@RequestBody Map<String, String> request) {
			this.builds.rollbackOnly(request.get("name"));
			return created(request);
		}

		@Idempotent(transactional = true)
		@PostMapping("/layouts/auto-commit")
		ResponseEntity<Map<String, Object>> autoCommit(@RequestBody Map<String, String> request) {
			this.builds.autoCommitted(request.get("name"));
			return created(request);
		}

		private static ResponseEntity<Map<String, Object>> created(Map<String, String> request) {
			return ResponseEntity.created(URI.create("/layouts/" + request.get("name")))
				.body(Map.of("name", request.get("name")));
		}

	}

}
