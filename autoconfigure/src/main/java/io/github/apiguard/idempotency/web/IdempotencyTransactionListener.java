package io.github.apiguard.idempotency.web;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

import io.github.apiguard.errors.ApiException;
import io.github.apiguard.idempotency.IdempotencyErrorCode;
import io.github.apiguard.idempotency.Idempotent;
import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;

/**
 * Watches the application's transactions on the thread of an idempotent request, and carries out the
 * transactional mode of {@link Idempotent#transactional()}.
 * <ul>
 * <li>Just before a transaction on the JDBC store's {@code DataSource} <em>really</em> commits — the physical
 * transaction, never the release of a savepoint ({@code NESTED}) nor a participating scope, whose work is not
 * committed yet — it marks the request's record committed <em>in that transaction</em>
 * ({@link JdbcIdempotencyStore#markCommitted}). The business write and the mark then commit or roll back together,
 * which is what lets a retry run a claim whose lease ran out with nothing committed. As the mark is written right
 * before the commit, its row lock is held for the commit alone: no savepoint, no {@code REQUIRES_NEW} step and no
 * lease renewal ever waits on it for longer.</li>
 * <li>It tells the request which of its transactions committed and which rolled back, so that a success answered
 * for work that was rolled back is never stored for replay (see {@link IdempotencyFilter}).</li>
 * </ul>
 * If the claim was lost meanwhile (its lease ran out and a retry took it over), the mark fails and the transaction
 * is rolled back, the handler then failing with 409 {@code idempotency_in_flight}: the retry owns the key, and the
 * work must not be done twice.
 * <p>
 * Spring Boot adds {@code TransactionExecutionListener} beans to the transaction managers it auto-configures; this
 * listener also adds itself, once the context is refreshed, to every other {@link ConfigurableTransactionManager}
 * bean. Transactions on other databases and read-only ones carry no mark; those of other threads are not seen.
 */
public class IdempotencyTransactionListener implements TransactionExecutionListener, SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyTransactionListener.class);

	private final @Nullable JdbcIdempotencyStore store;

	private final ObjectProvider<PlatformTransactionManager> transactionManagers;

	/**
	 * Creates the listener.
	 * @param store the JDBC store, whose {@code DataSource} the handler's transactions must use to be marked, or
	 * {@code null} when the store is another one (transactions are then only watched)
	 * @param transactionManagers the application's transaction managers, to listen to
	 */
	public IdempotencyTransactionListener(@Nullable JdbcIdempotencyStore store,
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
		if (!isPhysical(transaction) || transaction.isReadOnly() || this.store == null) {
			return;
		}
		IdempotentExchange exchange = IdempotentExchange.current();
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
		exchange.markWritten();
	}

	@Override
	public void afterCommit(TransactionExecution transaction, @Nullable Throwable commitFailure) {
		IdempotentExchange exchange = watched(transaction);
		if (exchange == null) {
			return;
		}
		if (commitFailure == null) {
			exchange.transactionCommitted();
		}
		else {
			exchange.transactionRolledBack();
		}
	}

	@Override
	public void afterRollback(TransactionExecution transaction, @Nullable Throwable rollbackFailure) {
		IdempotentExchange exchange = watched(transaction);
		if (exchange != null) {
			exchange.transactionRolledBack();
		}
	}

	private static @Nullable IdempotentExchange watched(TransactionExecution transaction) {
		if (!isPhysical(transaction)) {
			return null;
		}
		IdempotentExchange exchange = IdempotentExchange.current();
		return (exchange != null && exchange.isClaimed()) ? exchange : null;
	}

	/**
	 * Whether a transaction's commit or rollback is the physical one: not a savepoint ({@code NESTED}, whose
	 * release Spring reports as a commit though nothing is committed) and not a scope taking part in an outer
	 * transaction.
	 */
	private static boolean isPhysical(TransactionExecution transaction) {
		return transaction.isNewTransaction() && !transaction.isNested();
	}

}
