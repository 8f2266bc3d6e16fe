package io.github.apiguard.store;

/**
 * Thrown instead of calling a store whose {@link CircuitBreaker} is open: the store is down, and asking it
 * again now would only make the request wait for its timeout. The guard answers it with its outage policy.
 */
public class StoreUnavailableException extends RuntimeException {

	/**
	 * Creates an exception, without a stack trace: it is thrown for every request while the breaker is open,
	 * always from the same place.
	 * @param message the message, for logs
	 */
	public StoreUnavailableException(String message) {
		super(message, null, false, false);
	}

}
