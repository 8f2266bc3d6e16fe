package io.github.apiguard.listener;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners of one kind, called in order so that none of them can break a request: a listener exists to
 * observe (metrics, audit), so a failure of its own is logged — at WARN with its stack the first time, at
 * DEBUG after that, so a broken listener cannot flood the log — and the request carries on as if it had
 * not been there. Used for {@code ApiErrorListener}, {@code IdempotencyListener} and
 * {@code RateLimitListener}.
 *
 * @param <L> the listener type
 */
public final class Listeners<L> {

	private static final Logger logger = LoggerFactory.getLogger(Listeners.class);

	/** Listeners that failed before, across every composite they are part of; weak, to follow their beans. */
	private static final Map<Object, Boolean> failedBefore = Collections.synchronizedMap(new WeakHashMap<>());

	private final List<L> listeners;

	/**
	 * Creates the listeners.
	 * @param listeners the listeners, in the order to call them
	 */
	public Listeners(List<? extends L> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Whether there are no listeners.
	 * @return whether there are none
	 */
	public boolean isEmpty() {
		return this.listeners.isEmpty();
	}

	/**
	 * Calls each listener in turn; a failure of one is logged and the next is called all the same.
	 * @param call what to call on each listener
	 */
	public void each(Consumer<? super L> call) {
		for (L listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				if (failedBefore.put(listener, Boolean.TRUE) == null) {
					logger.warn("Listener {} failed and was ignored; its further failures are logged at DEBUG",
							listener, ex);
				}
				else {
					logger.debug("Listener {} failed again and was ignored", listener, ex);
				}
			}
		}
	}

}
