package io.github.apiguard.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The container of repeated {@link ApiErrorResponse @ApiErrorResponse} annotations.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ApiErrorResponses {

	/**
	 * The errors.
	 * @return the errors
	 */
	ApiErrorResponse[] value();

}
