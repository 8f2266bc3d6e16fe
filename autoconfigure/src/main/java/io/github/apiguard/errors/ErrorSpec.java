package io.github.apiguard.errors;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an entry of an application's error catalogue on an enum constant, so the enum needs no fields,
 * constructor or accessors:
 * <pre>{@code
 * enum BuildErrors implements ErrorCode {
 *     @ErrorSpec(status = 409, message = "The build is still processing.", retryable = Retry.YES)
 *     BUILD_NOT_READY
 * }
 * }</pre>
 * {@link ErrorCode}'s methods read it; an enum that implements them itself needs no annotation. Its status,
 * code, message and retryability are an {@link ErrorDeclaration}, as those of {@link ApiErrorMapping} are.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ErrorSpec {

	/**
	 * The HTTP status, 400 to 599; any other fails when the catalogue is built (for an enum it lists) or
	 * when the code is first used.
	 * @return a 4xx or 5xx status
	 */
	int status();

	/**
	 * The default message.
	 * @return the message
	 */
	String message();

	/**
	 * The machine code; empty for the constant's name in lower case ({@code BUILD_NOT_READY} →
	 * {@code build_not_ready}).
	 * @return the code
	 */
	String code() default "";

	/**
	 * Whether clients may retry unchanged; by default 408, 429 and 5xx are retryable.
	 * @return the retry policy
	 */
	Retry retryable() default Retry.BY_STATUS;

	/**
	 * A brief title; empty for the HTTP reason phrase.
	 * @return the title
	 */
	String title() default "";

}
