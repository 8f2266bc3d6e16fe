package io.github.apiguard.idempotency.web;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * A Spring transaction opened around apiguard's filter — by an application filter that runs the whole request in
 * one transaction, say. While it is open, nothing the request wrote is committed yet: what the handler answered
 * must not be stored (and replayed) before that transaction commits, nor its key released before it rolls back
 * (a plain claim's work would then be run again). So {@link IdempotencyFilter} settles the outcome when the
 * enclosing transaction completes. Only loaded when spring-tx is on the class path.
 */
final class EnclosingTransaction {

	private static final boolean PRESENT = ClassUtils.isPresent(
			"org.springframework.transaction.support.TransactionSynchronizationManager",
			EnclosingTransaction.class.getClassLoader());

	private EnclosingTransaction() {
	}

	/**
	 * Runs {@code settle} once the transaction (or transaction synchronization scope) enclosing the calling code
	 * completes, if there is one.
	 * @param settle told how the enclosing transaction ended
	 * @return {@code false} if no transaction encloses the caller: the outcome is to be settled now
	 */
	static boolean settleAfterCompletion(Settlement settle) {
		return PRESENT && Synchronizations.register(settle);
	}

	/**
	 * How an outcome is settled once the enclosing transaction ended.
	 */
	@FunctionalInterface
	interface Settlement {

		/**
		 * Settles the outcome.
		 * @param ending how the transaction ended
		 */
		void settle(Ending ending);

	}

	/**
	 * How an enclosing transaction ended.
	 */
	enum Ending {

		/** It committed: what the request wrote is in the database. */
		COMMITTED,

		/** It rolled back: nothing the request wrote in it is. */
		ROLLED_BACK,

		/** A heuristic outcome or a failure of the commit itself: either may be true. */
		UNKNOWN

	}

	// Holds the spring-tx references, so that EnclosingTransaction loads without spring-tx.
	private static final class Synchronizations {

		static boolean register(Settlement settle) {
			if (!TransactionSynchronizationManager.isSynchronizationActive()) {
				return false;
			}
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					settle.settle(switch (status) {
						case STATUS_COMMITTED -> Ending.COMMITTED;
						case STATUS_ROLLED_BACK -> Ending.ROLLED_BACK;
						default -> Ending.UNKNOWN;
					});
				}

			});
			return true;
		}

	}

}
