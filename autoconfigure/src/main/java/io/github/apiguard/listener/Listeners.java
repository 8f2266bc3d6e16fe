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
				failed(listener, ex);
			}
		}
	}

	/**
	 * Calls one method on each listener in turn, with its arguments passed along rather than captured, so
	 * that a method reference makes no allocation on the per-request path.
	 * @param <A> the first argument's type
	 * @param <B> the second argument's type
	 * @param <C> the third argument's type
	 * @param call the method to call, e.g. {@code RateLimitListener::decided}
	 * @param a the first argument
	 * @param b the second argument
	 * @param c the third argument
	 */
	public <A, B, C> void each(Call<? super L, A, B, C> call, A a, B b, C c) {
		for (L listener : this.listeners) {
			try {
				call.call(listener, a, b, c);
			}
			catch (RuntimeException ex) {
				failed(listener, ex);
			}
		}
	}

	private static void failed(Object listener, RuntimeException ex) {
		if (failedBefore.put(listener, Boolean.TRUE) == null) {
			logger.warn("Listener {} failed and was ignored; its further failures are logged at DEBUG", listener, ex);
		}
		else {
			logger.debug("Listener {} failed again and was ignored", listener, ex);
		}
	}

	/**
	 * A listener method of up to three arguments (unused ones are passed as {@code null}).
	 *
	 * @param <L> the listener type
	 * @param <A> the first argument's type
	 * @param <B> the second argument's type
	 * @param <C> the third argument's type
	 */
	@FunctionalInterface
	public interface Call<L, A, B, C> {

		/**
		 * Calls the listener.
		 * @param listener the listener
		 * @param a the first argument
		 * @param b the second argument
		 * @param c the third argument
		 */
		void call(L listener, A a, B b, C c);

	}

}
