package io.github.apiguard.idempotency.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import io.github.apiguard.errors.ApiException;
import io.github.apiguard.idempotency.IdempotencyErrorCode;
import io.github.apiguard.idempotency.Idempotent;
import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;

/**
 * The transactional mode of {@link Idempotent#transactional()}: listens to the application's transaction
 * managers and, just before a transaction on the JDBC store's {@code DataSource} commits on the thread of a
 * transactional idempotent request, marks that request's record committed <em>in that transaction</em>
 * ({@link JdbcIdempotencyStore#markCommitted}). The business write and the mark then commit or roll back
 * together, which is what lets a retry run a claim whose lease ran out with nothing committed.
 * <p>
 * If the claim was lost meanwhile (its lease ran out and a retry took it over), the mark fails and the
 * transaction is rolled back, the handler then failing with 409 {@code idempotency_in_flight}: the retry owns
 * the key, and the work must not be done twice.
 * <p>
 * Spring Boot adds {@code TransactionExecutionListener} beans to the transaction managers it auto-configures;
 * this listener also adds itself, once the context is refreshed, to every other
 * {@link ConfigurableTransactionManager} bean. Transactions on other databases, read-only ones and those of
 * other threads are left alone.
 */
public class IdempotencyTransactionListener implements TransactionExecutionListener, SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyTransactionListener.class);

	private final JdbcIdempotencyStore store;

	private final ObjectProvider<PlatformTransactionManager> transactionManagers;

	/**
	 * Creates the listener.
	 * @param store the JDBC store, whose {@code DataSource} the handler's transactions must use
	 * @param transactionManagers the application's transaction managers, to listen to
	 */
	public IdempotencyTransactionListener(JdbcIdempotencyStore store,
			ObjectProvider<PlatformTransactionManager> transactionManagers) {
		this.store = store;
		this.transactionManagers = transactionManagers;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.transactionManagers.orderedStream().forEach((manager) -> {
			if (manager instanceof ConfigurableTransactionManager configurable
					&& !configurable.getTransactionExecutionListeners().contains(this)) {
				configurable.addListener(this);
			}
		});
	}

	@Override
	public void beforeCommit(TransactionExecution transaction) {
		if (transaction.isReadOnly()) {
			return;
		}
		IdempotentExchange exchange = currentExchange();
		if (exchange == null || !exchange.isClaimed() || !exchange.isTransactional()) {
			return;
		}
		if (!this.store.participatesInCurrentTransaction()) {
			// Another database: its commit says nothing about the store's, and cannot carry the mark.
			logger.debug("A transaction of idempotency record {} commits on another DataSource than the store's",
					exchange.key());
			return;
		}
		if (!this.store.markCommitted(exchange.key(), exchange.owner())) {
			throw new ApiException(IdempotencyErrorCode.IDEMPOTENCY_IN_FLIGHT,
					"A retry of this request took its Idempotency-Key over; this attempt was rolled back.");
		}
	}

	private static IdempotentExchange currentExchange() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes != null && attributes.getAttribute(IdempotentExchange.ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST) instanceof IdempotentExchange exchange) ? exchange : null;
	}

}
