package io.github.apiguard.errors;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps an application's own exception class to a status and code without extending
 * {@link ApiException}. Subclasses inherit the mapping.
 * <pre>{@code
 * @ApiErrorMapping(status = 404, code = "listing_not_found")
 * class ListingNotFoundException extends RuntimeException { ... }
 * }</pre>
 * For a 4xx the exception's own message is shown when {@link #message()} is empty; for a 5xx it never is.
 * Classes of third-party libraries are mapped with {@code apiguard.errors.exceptions[<class name>]}; both are
 * read as an {@link ErrorDeclaration}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ApiErrorMapping {

	/**
	 * The HTTP status, 400 to 599. Any other is a mistake: the exception is then answered
	 * {@code 500 internal_error} and the mapping is named in the log.
	 * @return a 4xx or 5xx status
	 */
	int status();

	/**
	 * The machine code; empty for the built-in code of the status.
	 * @return the code
	 */
	String code() default "";

	/**
	 * A fixed message; empty to use the exception's message (4xx only) or the code's default.
	 * @return the message
	 */
	String message() default "";

	/**
	 * Whether clients may retry; by default 408, 429 and 5xx are retryable.
	 * @return the retry policy
	 */
	Retry retryable() default Retry.BY_STATUS;

}
