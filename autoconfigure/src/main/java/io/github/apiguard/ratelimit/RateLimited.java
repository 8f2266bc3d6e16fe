package io.github.apiguard.ratelimit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits a handler method (or every handler of a controller) by a named policy from
 * {@code apiguard.rate-limit.policies}. The policy's limits for the client's tier are checked together
 * with those of the path policies that match the request, all or nothing; an expensive endpoint charges
 * more than one unit with {@link #cost()}.
 * <pre>{@code
 * @RateLimited(policy = "renders", cost = 5)
 * @PostMapping("/renders")
 * Render create(...) { ... }
 * }</pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RateLimited {

	/**
	 * The name of the policy under {@code apiguard.rate-limit.policies}.
	 * @return the policy name
	 */
	String policy();

	/**
	 * How many units one request consumes of each limit of the policy.
	 * @return the cost, at least 1
	 */
	long cost() default 1;

}
