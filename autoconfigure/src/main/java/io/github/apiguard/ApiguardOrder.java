package io.github.apiguard;

import org.springframework.core.Ordered;

/**
 * Where apiguard's servlet filters and Spring MVC interceptors sit, so an application can place its own
 * between them. Lower runs first. The request passes, in order:
 * <ol>
 * <li>{@link #REQUEST_ID_FILTER}: gives the request its id (header, MDC), so everything after can log it;</li>
 * <li>{@link #ERROR_HANDLING_FILTER}: renders exceptions thrown by any filter after it in the envelope;</li>
 * <li>{@link #SPRING_SECURITY_FILTER}: Spring Security's chain (Spring Boot's default
 * {@code spring.security.filter.order}; apiguard does not set it), so the principal is known below;</li>
 * <li>{@link #IDEMPOTENCY_FILTER}: buffers and hashes the body of requests with an {@code Idempotency-Key} and
 * captures the response to store — after security, so unauthenticated bodies are never buffered;</li>
 * <li>the {@code DispatcherServlet}, whose interceptors run in the order {@link #IDEMPOTENCY_INTERCEPTOR}
 * (claims the key, replays a stored response), {@link #RATE_LIMIT_INTERCEPTOR} (after idempotency, so a replay
 * consumes no quota), then {@link #IDEMPOTENCY_HANDLER_REACHED_INTERCEPTOR} (last of all: only a request every
 * interceptor let through has an outcome worth storing).</li>
 * </ol>
 * A filter of the application's own registered with, for instance, {@code ERROR_HANDLING_FILTER + 1} sees the
 * request id and has its exceptions rendered in the envelope, but runs before Spring Security:
 * <pre>{@code
 * @Bean
 * FilterRegistrationBean<TenantFilter> tenantFilter() {
 *     FilterRegistrationBean<TenantFilter> registration = new FilterRegistrationBean<>(new TenantFilter());
 *     registration.setOrder(ApiguardOrder.ERROR_HANDLING_FILTER + 1);
 *     return registration;
 * }
 * }</pre>
 * apiguard's {@code Callable} interceptor (which renders an interrupted async request) is registered with Spring
 * MVC's async support, which has no order; its controller advice is ordered by {@code apiguard.errors.advice-order}.
 */
public final class ApiguardOrder {

	/** The request id filter: first but for Spring's character encoding and observation filters. */
	public static final int REQUEST_ID_FILTER = Ordered.HIGHEST_PRECEDENCE + 10;

	/** The filter that renders exceptions thrown by the filters after it: right behind the request id. */
	public static final int ERROR_HANDLING_FILTER = Ordered.HIGHEST_PRECEDENCE + 20;

	/**
	 * Spring Security's filter chain, as Spring Boot registers it by default
	 * ({@code spring.security.filter.order}); for reference, apiguard does not change it.
	 */
	public static final int SPRING_SECURITY_FILTER = -100;

	/** The idempotency filter: after Spring Security, so unauthenticated requests are refused unbuffered. */
	public static final int IDEMPOTENCY_FILTER = 0;

	/** The idempotency interceptor, which claims keys and replays responses: before the rate limiter. */
	public static final int IDEMPOTENCY_INTERCEPTOR = 100;

	/** The rate-limit interceptor: after idempotency's, so an idempotent replay consumes no quota. */
	public static final int RATE_LIMIT_INTERCEPTOR = 200;

	/**
	 * The interceptor that marks an idempotent request as having reached its handler: last of all, since only a
	 * request that every interceptor let through has an outcome worth storing.
	 */
	public static final int IDEMPOTENCY_HANDLER_REACHED_INTERCEPTOR = Ordered.LOWEST_PRECEDENCE;

	private ApiguardOrder() {
	}

}
