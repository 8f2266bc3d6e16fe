package io.github.apiguard.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An error a handler answers with besides those apiguard derives from the mapping, documented in the
 * OpenAPI document with an example rendered by the configured envelope. The code is one of the
 * application's registered codes ({@code apiguard.errors.catalog.enums}, {@code ErrorCodeContributor}
 * beans) or a built-in one, so its status, message and retryability come from the catalogue, never from
 * the annotation: the document cannot drift from what is thrown.
 * <pre class="code">
 * &#64;ApiErrorResponse(code = "build_not_ready")
 * &#64;PostMapping("/{id}/deployments")
 * Deployment deploy(&#64;PathVariable String id) { ... }
 * </pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(ApiErrorResponses.class)
public @interface ApiErrorResponse {

	/**
	 * The code, as rendered (e.g. {@code build_not_ready}) or as its enum constant is named
	 * ({@code BUILD_NOT_READY}).
	 * @return the code
	 */
	String code();

}
