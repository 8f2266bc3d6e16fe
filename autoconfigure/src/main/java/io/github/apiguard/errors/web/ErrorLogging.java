package io.github.apiguard.errors.web;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import org.springframework.web.ErrorResponse;

import io.github.apiguard.errors.ApiError;

/**
 * Logs rendered errors: server errors with their stack trace, code and request id; client errors
 * without a stack trace, at a quieter level. A server error that is a declared answer with nothing
 * underneath — Spring's {@link ErrorResponse} exceptions such as the 503 of an asynchronous request that
 * timed out — is logged without its stack, which would only show the framework's own frames.
 *
 * @param clientErrors the level of 4xx, {@code null} to not log them
 * @param serverErrors the level of 5xx, {@code null} to not log them
 * @param clientStackTraces whether 4xx are logged with their stack trace
 */
public record ErrorLogging(@Nullable Level clientErrors, @Nullable Level serverErrors, boolean clientStackTraces) {

	private static final Logger logger = LoggerFactory.getLogger("io.github.apiguard.errors");

	/**
	 * 4xx at DEBUG without stack traces, 5xx at ERROR with them.
	 * @return the defaults
	 */
	public static ErrorLogging defaults() {
		return new ErrorLogging(Level.DEBUG, Level.ERROR, false);
	}

	void log(ApiError error, String method, String path, String requestId) {
		boolean server = error.status() >= 500;
		Level level = server ? this.serverErrors : this.clientErrors;
		if (level == null || !logger.isEnabledForLevel(level)) {
			return;
		}
		String message = "{} {} {} {} (request id {})";
		if (error.cause() != null && (server || this.clientStackTraces) && !isBareAnswer(error.cause())) {
			logger.atLevel(level)
				.setCause(error.cause())
				.log(message, error.status(), error.code(), method, path, requestId);
		}
		else {
			logger.atLevel(level).log(message, error.status(), error.code(), method, path, requestId);
		}
	}

	private static boolean isBareAnswer(Throwable cause) {
		return cause instanceof ErrorResponse && cause.getCause() == null;
	}

}
