package io.github.apiguard.errors.web;

import java.util.concurrent.Callable;

import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;

/**
 * Makes a {@code Callable} (or {@code WebAsyncTask}) that timed out answer as a timeout, 503
 * {@code service_unavailable}. On {@code spring.mvc.async.request-timeout} Spring MVC interrupts the worker
 * before it records the timeout, and the worker's {@link InterruptedException} usually arrives first — a
 * 500 with the interrupted thread's stack at ERROR. An interrupted worker means the server gave up on it
 * (timeout, or the client went away), so its result becomes {@link AsyncRequestTimeoutException}: the same
 * answer a {@code DeferredResult} gets.
 */
public class InterruptedCallableInterceptor implements CallableProcessingInterceptor {

	@Override
	public <T> void postProcess(NativeWebRequest request, Callable<T> task, Object concurrentResult) {
		if (isInterruption(concurrentResult)) {
			// Thrown from postProcess, it becomes the request's result in place of the interruption.
			throw new AsyncRequestTimeoutException();
		}
	}

	private static boolean isInterruption(Object result) {
		Throwable candidate = (result instanceof Throwable throwable) ? throwable : null;
		while (candidate != null) {
			if (candidate instanceof InterruptedException) {
				return true;
			}
			candidate = candidate.getCause();
		}
		return false;
	}

}
