package io.github.apiguard.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares how a handler method (or every handler of a controller) takes part in {@code Idempotency-Key}
 * handling. Without the annotation, requests whose method is in {@code apiguard.idempotency.methods}
 * (POST and PATCH by default) are idempotent when they carry the header.
 * <pre>{@code
 * @Idempotent(ttl = "1h")                 // the key is required, records live one hour
 * @PostMapping("/payments") ...
 *
 * @Idempotent(exempt = true)              // never deduplicated, even with the header
 * @PostMapping("/search") ...
 *
 * @Idempotent(transactional = true)       // the outcome is recorded with the service's own transaction (JDBC store)
 * @PostMapping("/builds") ...
 * }</pre>
 * A handler that streams or completes asynchronously ({@code StreamingResponseBody}, {@code SseEmitter},
 * {@code Callable}, {@code DeferredResult}, {@code CompletableFuture}, reactive types) cannot be replayed and
 * is refused at startup when annotated.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Idempotent {

	/**
	 * Whether a request without the header is refused with 400 {@code idempotency_key_missing}.
	 * @return whether the key is required
	 */
	boolean required() default true;

	/**
	 * Whether the endpoint is left out of idempotency handling altogether, whatever its method.
	 * @return whether the endpoint is exempt
	 */
	boolean exempt() default false;

	/**
	 * How long a completed response is kept for replay, e.g. {@code "1h"} or {@code "PT30M"}; empty for
	 * {@code apiguard.idempotency.ttl}.
	 * @return the time to live, or empty
	 */
	String ttl() default "";

	/**
	 * Whether the handler's work commits in a transaction on the JDBC idempotency store's database (the
	 * application's {@code @Transactional} service on the same {@code DataSource} and transaction manager),
	 * so that the record is marked committed in that very transaction: the stored outcome then exists iff the
	 * business write committed, a rollback leaves the key free for the retry, and a claim whose node died
	 * before committing is run again by its retry after the lease instead of answering "outcome unknown".
	 * Needs {@code apiguard.idempotency.store=jdbc}; the application fails to start otherwise.
	 * {@code apiguard.idempotency.jdbc.transactional=true} makes it the default of every idempotent endpoint.
	 * @return whether the endpoint is transactional
	 */
	boolean transactional() default false;

}
