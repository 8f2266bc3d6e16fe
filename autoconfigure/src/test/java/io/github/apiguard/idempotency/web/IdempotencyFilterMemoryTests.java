package io.github.apiguard.idempotency.web;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.github.apiguard.idempotency.store.InMemoryIdempotencyStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body an idempotent request is read ahead into is held once: hashed as it is read, served to the handler
 * from the same bytes, never copied whole. Measured as the bytes the filter allocates on the request's thread.
 */
class IdempotencyFilterMemoryTests {

	static final int BODY = 8 * 1024 * 1024;

	@ParameterizedTest(name = "content length known: {0}")
	@ValueSource(booleans = { true, false })
	void largeBodyIsHeldOnceAndReachesTheHandlerWhole(boolean lengthKnown) throws Exception {
		IdempotencyPolicy policy = new IdempotencyPolicy("Idempotency-Key", Set.of("POST"), false,
				Duration.ofHours(24), Duration.ofMinutes(1), 16L * 1024 * 1024, 1024, List.of("Content-Type"), false,
				false, Duration.ofSeconds(1));
		InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(64L * 1024 * 1024, java.time.Clock.systemUTC());
		IdempotencyFilter filter = new IdempotencyFilter(policy, store, "X-Request-Id",
				new IdempotencyLeaseRenewer(store, policy.lease()));
		byte[] body = new byte[BODY];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) (i * 31);
		}
		MockHttpServletRequest request = request("k-1", body, lengthKnown);
		AtomicLong received = new AtomicLong();
		AtomicReference<String> digest = new AtomicReference<>();
		FilterChain handler = (req, res) -> {
			digest.set(IdempotentExchange.of((jakarta.servlet.http.HttpServletRequest) req).bodyDigest());
			byte[] chunk = new byte[8192];
			try (InputStream in = req.getInputStream()) {
				int count;
				while ((count = in.read(chunk)) >= 0) {
					received.addAndGet(count);
				}
			}
		};
		run(filter, request, handler);
		long allocated = allocatedBy(() -> run(filter, request("k-2", body, lengthKnown), handler));
		assertThat(received).hasValue(2L * BODY);
		assertThat(digest.get()).isEqualTo(IdempotencyKeys.digest(body));
		System.out.printf("IDEMPOTENCY read-ahead of %d bytes (length known: %s): %d bytes allocated (%.2fx)%n", BODY,
				lengthKnown, allocated, (double) allocated / BODY);
		// Once the body, plus bookkeeping: today's full copies for hashing and serving would be 3x or more.
		assertThat(allocated).isLessThan(BODY + BODY / 4);
	}

	private static MockHttpServletRequest request(String key, byte[] body, boolean lengthKnown) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/uploads") {

			@Override
			public long getContentLengthLong() {
				return lengthKnown ? super.getContentLengthLong() : -1;
			}

			@Override
			public int getContentLength() {
				return lengthKnown ? super.getContentLength() : -1;
			}

		};
		request.setContentType("application/octet-stream");
		request.addHeader("Idempotency-Key", key);
		request.setContent(body);
		return request;
	}

	private static void run(IdempotencyFilter filter, MockHttpServletRequest request, FilterChain handler)
			throws IOException, ServletException {
		filter.doFilter(request, new MockHttpServletResponse(), handler);
	}

	private static long allocatedBy(ThrowingRunnable action) throws Exception {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long thread = Thread.currentThread().getId();
		long before = threads.getThreadAllocatedBytes(thread);
		action.run();
		return threads.getThreadAllocatedBytes(thread) - before;
	}

	interface ThrowingRunnable {

		void run() throws Exception;

	}

}
