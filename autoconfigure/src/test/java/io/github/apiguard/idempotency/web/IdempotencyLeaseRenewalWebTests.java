package io.github.apiguard.idempotency.web;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.idempotency.IdempotencyHttp;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.support.MutableClock;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler running longer than its record's TTL, its lease renewed all along, stays in flight over HTTP:
 * the in-memory store on a clock the test moves, and renewals run by the test instead of a timer.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = { TestApplication.class, IdempotencyLeaseRenewalWebTests.Config.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apiguard.idempotency.store=memory", "apiguard.idempotency.lease=30s",
				"apiguard.idempotency.ttl=60s" })
class IdempotencyLeaseRenewalWebTests {

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	ManualSchedule schedule;

	@Autowired
	SlowOrders orders;

	@Test
	void duplicateOfAHandlerRunningPastTheTtlWithItsLeaseRenewedIsInFlight(CapturedOutput output) throws Exception {
		IdempotencyHttp http = new IdempotencyHttp(this.port);
		String key = UUID.randomUUID().toString();
		CompletableFuture<HttpResponse<String>> first = CompletableFuture
			.supplyAsync(() -> http.post("/slow-orders").key(key).json("{\"item\":\"book\"}").send());
		assertThat(this.orders.entered.await(120, TimeUnit.SECONDS)).isTrue();
		// Two TTLs go by while the handler runs, its lease renewed every third of it as the renewer's timer would.
		for (int i = 0; i < 12; i++) {
			this.clock.advance(Duration.ofSeconds(10));
			assertThat(this.schedule.runPeriodicTasks()).isOne();
		}
		HttpResponse<String> duplicate = http.post("/slow-orders").key(key).json("{\"item\":\"book\"}").send();
		assertThat(duplicate.statusCode()).isEqualTo(409);
		assertThat(duplicate.body()).contains("\"code\":\"idempotency_in_flight\"");
		assertThat(duplicate.headers().firstValue("Retry-After")).hasValue("30");
		this.orders.finish.countDown();
		assertThat(first.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
		HttpResponse<String> replay = http.post("/slow-orders").key(key).json("{\"item\":\"book\"}").send();
		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(this.orders.runs).hasValue(1);
		assertThat(output).doesNotContain("lost its claim");
	}

	@TestConfiguration(proxyBeanMethods = false)
	@Import(SlowOrders.class)
	static class Config {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		}

		@Bean
		ManualSchedule manualSchedule() {
			return new ManualSchedule();
		}

		@Bean
		IdempotencyLeaseRenewer idempotencyLeaseRenewer(IdempotencyStore store, IdempotencyPolicy policy,
				ManualSchedule schedule) {
			return new IdempotencyLeaseRenewer(store, policy.lease(), schedule,
					Clock.systemUTC());
		}

	}

	/**
	 * The renewer's scheduler, except that its periodic tasks (the renewals) run when the test calls
	 * {@link #runPeriodicTasks()}; one-off tasks run as usual.
	 */
	static final class ManualSchedule extends ScheduledThreadPoolExecutor {

		private final List<Map.Entry<Runnable, ScheduledFuture<?>>> periodic = new CopyOnWriteArrayList<>();

		ManualSchedule() {
			super(1);
		}

		@Override
		public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
			// Scheduled for real (so that it can be cancelled as usual), but too far ahead to ever run by itself.
			ScheduledFuture<?> future = super.scheduleAtFixedRate(() -> {
			}, 1, 1, TimeUnit.DAYS);
			this.periodic.add(Map.entry(command, future));
			return future;
		}

		/**
		 * Runs every periodic task not cancelled yet, on the caller's thread.
		 * @return how many ran
		 */
		int runPeriodicTasks() {
			int ran = 0;
			for (Map.Entry<Runnable, ScheduledFuture<?>> task : this.periodic) {
				if (!task.getValue().isCancelled()) {
					task.getKey().run();
					ran++;
				}
			}
			return ran;
		}

	}

	/**
	 * An order endpoint whose first execution runs until the test lets it finish.
	 */
	@RestController
	static class SlowOrders {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch finish = new CountDownLatch(1);

		final AtomicInteger runs = new AtomicInteger();

		@PostMapping("/slow-orders")
		ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> order) throws InterruptedException {
			int run = this.runs.incrementAndGet();
			if (run == 1) {
				this.entered.countDown();
				this.finish.await(120, TimeUnit.SECONDS);
			}
			return ResponseEntity.status(201).body(Map.of("run", run, "item", order.get("item")));
		}

	}

}
