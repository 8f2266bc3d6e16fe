package io.github.apiguard.idempotency;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.github.apiguard.errors.ConflictException;
import io.github.apiguard.errors.ServiceUnavailableException;
import io.github.apiguard.errors.TooManyRequestsException;
import io.github.apiguard.errors.UnprocessableException;

/**
 * Endpoints the idempotency tests call; each counts how often it really ran.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(IdempotencyTestEndpoints.Endpoints.class)
public class IdempotencyTestEndpoints {

	/** Calls of the interceptor standing in for the rate limiter (order 200). */
	public static final AtomicInteger rateLimiterCalls = new AtomicInteger();

	@Bean
	WebMvcConfigurer rateLimiterStandIn() {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new HandlerInterceptor() {

					@Override
					public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
						rateLimiterCalls.incrementAndGet();
						return true;
					}

				}).order(200);
			}

		};
	}

	/**
	 * The endpoints.
	 */
	@RestController
	public static class Endpoints {

		/** Executions of the order endpoints, shared by every application context of the JVM. */
		public static final AtomicInteger created = new AtomicInteger();

		/** How long the order endpoint takes, so that concurrent duplicates overlap. */
		public static volatile long delayMillis;

		private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		public final AtomicInteger searches = new AtomicInteger();

		@PostMapping("/orders")
		ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> order) throws InterruptedException {
			int id = created.incrementAndGet();
			if (delayMillis > 0) {
				Thread.sleep(delayMillis);
			}
			return ResponseEntity.created(URI.create("/orders/" + id))
				.eTag("\"v" + id + "\"")
				.header("Set-Cookie", "session=" + id)
				.header("X-RateLimit-Remaining", "9")
				.header("X-Custom", "not-replayed")
				.body(body(id, order));
		}

		@PostMapping("/secured/orders")
		ResponseEntity<Map<String, Object>> createSecured(@RequestBody Map<String, Object> order)
				throws InterruptedException {
			return create(order);
		}

		@PatchMapping("/orders/{id}")
		Map<String, Object> update(@PathVariable String id, @RequestBody Map<String, Object> changes) {
			return body(created.incrementAndGet(), changes);
		}

		@Idempotent
		@PostMapping("/payments")
		Map<String, Object> pay(@RequestBody Map<String, Object> payment) {
			return body(created.incrementAndGet(), payment);
		}

		@Idempotent(exempt = true)
		@PostMapping("/search")
		Map<String, Object> search(@RequestBody String query) {
			return Map.of("run", this.searches.incrementAndGet(), "length", query.length());
		}

		@PostMapping(path = "/forms", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
		Map<String, Object> form(@RequestParam String name) {
			return Map.of("id", created.incrementAndGet(), "name", name);
		}

		@PostMapping(path = "/uploads", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
		Map<String, Object> upload(@RequestParam("file") MultipartFile file) throws java.io.IOException {
			return Map.of("id", created.incrementAndGet(), "size", file.getBytes().length);
		}

		@PostMapping(path = "/large", produces = MediaType.TEXT_PLAIN_VALUE)
		String large() {
			created.incrementAndGet();
			return "x".repeat(4096);
		}

		/**
		 * Fails the first attempt of a run as {@code kind} says, succeeds afterwards.
		 */
		@PostMapping("/outcomes/{kind}")
		Map<String, Object> outcome(@PathVariable String kind, @RequestParam String run) {
			int attempt = this.attempts.computeIfAbsent(run, (r) -> new AtomicInteger()).incrementAndGet();
			if (attempt == 1) {
				switch (kind) {
					case "unavailable" -> throw new ServiceUnavailableException("The write was rolled back; retry later.");
					case "rate-limited" -> throw new TooManyRequestsException();
					case "not-ready" -> throw new ConflictException("The part is still processing.").retryable(true);
					case "unprocessable" -> throw new UnprocessableException("The engine rejected this part.");
					case "boom" -> throw new IllegalStateException("unexpected");
					default -> {
					}
				}
			}
			return Map.of("attempt", attempt);
		}

		public int attempts(String run) {
			AtomicInteger count = this.attempts.get(run);
			return (count != null) ? count.get() : 0;
		}

		private static Map<String, Object> body(int id, Map<String, Object> request) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("id", id);
			body.putAll(request);
			return body;
		}

	}

}
