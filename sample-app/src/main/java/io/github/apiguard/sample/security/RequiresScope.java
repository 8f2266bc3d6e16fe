package io.github.apiguard.sample.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope an endpoint requires; a key without it is answered 403 with {@code details.required_scope}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresScope {

	/**
	 * The scope, e.g. {@code builds:create}.
	 * @return the scope
	 */
	String value();

}
