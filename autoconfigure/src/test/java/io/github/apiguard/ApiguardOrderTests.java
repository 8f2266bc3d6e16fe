package io.github.apiguard;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.github.apiguard.errors.web.ErrorHandlingFilter;
import io.github.apiguard.idempotency.IdempotencyHttp;
import io.github.apiguard.idempotency.web.IdempotencyFilter;
import io.github.apiguard.requestid.RequestIdFilter;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application places its own filter and interceptor between apiguard's with {@link ApiguardOrder}, as the
 * README shows, and a real server runs them exactly there.
 * <p>
 * Its context is closed after it rather than cached: one more cached context would move the test context
 * cache's evictions (and the closing Redis clients' log lines) into tests that assert on captured output.
 */
@DirtiesContext
@SpringBootTest(classes = { TestApplication.class, ApiguardOrderTests.Endpoints.class, ApiguardOrderTests.Config.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apiguard.idempotency.store=memory", "apiguard.rate-limit.policies.api.paths=/ordered",
				"apiguard.rate-limit.policies.api.limits.default[0].name=per-minute",
				"apiguard.rate-limit.policies.api.limits.default[0].limit=1000",
				"apiguard.rate-limit.policies.api.limits.default[0].period=1m" })
class ApiguardOrderTests {

	@LocalServerPort
	int port;

	@Autowired
	Endpoints endpoints;

	@Autowired
	TenantInterceptor interceptor;

	@BeforeEach
	void forgetEarlierRequests() {
		this.endpoints.filtersAroundTheHandler.clear();
		this.endpoints.seenByTheTenantFilter.clear();
		this.interceptor.calls.clear();
	}

	@Test
	void aFilterOrderedJustAfterSpringSecurityRunsBetweenSecurityAndTheIdempotencyFilter() {
		HttpResponse<String> response = new IdempotencyHttp(this.port).post("/ordered")
			.basic("user")
			.key(UUID.randomUUID().toString())
			.json("{}")
			.send();
		assertThat(response.statusCode()).isEqualTo(200);
		// Outer filters are deeper in the handler's stack: the innermost comes first.
		List<Class<?>> filters = this.endpoints.filtersAroundTheHandler.get(0);
		assertThat(filters).containsSubsequence(IdempotencyFilter.class, TenantFilter.class, FilterChainProxy.class,
				ErrorHandlingFilter.class, RequestIdFilter.class);
		// What the filter saw: the principal (Spring Security ran) and a request id (the request id filter ran).
		assertThat(this.endpoints.seenByTheTenantFilter).containsExactly("user with a request id");
	}

	@Test
	void anInterceptorOrderedBetweenIdempotencyAndTheRateLimiterRunsBetweenThem() {
		IdempotencyHttp http = new IdempotencyHttp(this.port);
		String key = UUID.randomUUID().toString();
		HttpResponse<String> first = http.post("/ordered").basic("user").key(key).json("{}").send();
		HttpResponse<String> replay = http.post("/ordered").basic("user").key(key).json("{}").send();
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("1000");
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).isPresent();
		// Once, for the first request: the replay was answered by the idempotency interceptor, before this one.
		// And before the rate limiter, which had not yet set its headers.
		assertThat(this.interceptor.calls).containsExactly(Map.of(key, "no rate-limit headers yet"));
	}

	@RestController
	static class Endpoints {

		final List<List<Class<?>>> filtersAroundTheHandler = new CopyOnWriteArrayList<>();

		final List<String> seenByTheTenantFilter = new CopyOnWriteArrayList<>();

		@PostMapping("/ordered")
		ResponseEntity<String> ordered() {
			this.filtersAroundTheHandler.add(StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
				.walk((frames) -> frames.<Class<?>>map(StackWalker.StackFrame::getDeclaringClass)
					.filter((type) -> type == IdempotencyFilter.class || type == TenantFilter.class
							|| type == FilterChainProxy.class || type == ErrorHandlingFilter.class
							|| type == RequestIdFilter.class)
					.distinct()
					.toList()));
			return ResponseEntity.ok("{}");
		}

	}

	/**
	 * The README's example: a filter that needs the principal, placed before idempotency buffers the body.
	 */
	static final class TenantFilter extends OncePerRequestFilter {

		private final Endpoints endpoints;

		TenantFilter(Endpoints endpoints) {
			this.endpoints = endpoints;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (request.getRequestURI().equals("/ordered")) {
				var authentication = SecurityContextHolder.getContext().getAuthentication();
				String requestId = response.getHeader("X-Request-Id");
				this.endpoints.seenByTheTenantFilter.add(((authentication != null) ? authentication.getName() : "nobody")
						+ ((requestId != null) ? " with a request id" : " without a request id"));
			}
			chain.doFilter(request, response);
		}

	}

	static final class TenantInterceptor implements HandlerInterceptor {

		final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			this.calls.add(Map.of(request.getHeader("Idempotency-Key"),
					response.containsHeader("X-RateLimit-Limit") ? "rate-limit headers set" : "no rate-limit headers yet"));
			return true;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		FilterRegistrationBean<TenantFilter> tenantFilter(Endpoints endpoints) {
			FilterRegistrationBean<TenantFilter> registration = new FilterRegistrationBean<>(new TenantFilter(endpoints));
			registration.setOrder(ApiguardOrder.SPRING_SECURITY_FILTER + 1);
			return registration;
		}

		@Bean
		TenantInterceptor tenantInterceptor() {
			return new TenantInterceptor();
		}

		@Bean
		WebMvcConfigurer tenantInterceptorConfigurer(TenantInterceptor interceptor) {
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(interceptor).order(ApiguardOrder.IDEMPOTENCY_INTERCEPTOR + 1);
				}

			};
		}

	}

}
