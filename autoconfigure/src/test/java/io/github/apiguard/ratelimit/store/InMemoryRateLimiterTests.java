package io.github.apiguard.ratelimit.store;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.RateLimiter;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRateLimiterTests extends AbstractRateLimiterTests {

	private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(1000, Duration.ofDays(32), this.clock);

	@Override
	RateLimiter limiter() {
		return this.limiter;
	}

	@Test
	void aFloodOfDistinctClientsFromManyThreadsKeepsAtMostMaximumClients() throws Exception {
		InMemoryRateLimiter limiter = new InMemoryRateLimiter(100, Duration.ofDays(32), this.clock);
		Charge perMinute = rate("per-minute", 60, Duration.ofMinutes(1), 60, 1);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<Long>> floods = new ArrayList<>();
			for (int thread = 0; thread < 4; thread++) {
				String prefix = "flood-" + thread + "-";
				floods.add(executor.submit(() -> {
					long most = 0;
					for (int i = 0; i < 25_000; i++) {
						limiter.tryAcquire(prefix + i, List.of(perMinute));
						most = Math.max(most, limiter.clients());
					}
					return most;
				}));
			}
			for (Future<Long> flood : floods) {
				// While the flood runs, each thread may have admitted one client it has not yet made room for.
				assertThat(flood.get(120, TimeUnit.SECONDS)).isLessThanOrEqualTo(100 + 4);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(limiter.clients()).isLessThanOrEqualTo(100);
	}

	@Test
	void aFullMapRetiresStatesThatNoLongerCountBeforeOnesThatDo() {
		InMemoryRateLimiter limiter = new InMemoryRateLimiter(100, Duration.ofDays(32), this.clock);
		Charge perMinute = rate("per-minute", 60, Duration.ofMinutes(1), 60, 1);
		Charge perDay = rate("per-day", 1, Duration.ofDays(1), 1, 1);
		assertThat(limiter.tryAcquire("counting", List.of(perDay)).allowed()).isTrue();
		for (int i = 0; i < 99; i++) {
			limiter.tryAcquire("whole-again-" + i, List.of(perMinute));
		}
		// A second later these 99 have their burst back: they decide like no state at all. Each newcomer
		// makes room by retiring one, chosen from a sample that (with at most 7 states still counting) always
		// holds one of them.
		this.clock.advance(Duration.ofSeconds(1));
		for (int i = 0; i < 6; i++) {
			limiter.tryAcquire("newcomer-" + i, List.of(perMinute));
			assertThat(limiter.clients()).isEqualTo(100);
		}
		assertThat(limiter.holds("counting")).isTrue();
		assertThat(limiter.tryAcquire("counting", List.of(perDay)).allowed()).isFalse();
	}

	@Test
	void aClientIdleForTheIdleTimeoutIsRetiredByOtherClientsTraffic() {
		InMemoryRateLimiter limiter = new InMemoryRateLimiter(100_000, Duration.ofHours(1), this.clock);
		Charge perMinute = rate("per-minute", 60, Duration.ofMinutes(1), 60, 1);
		List<String> idle = IntStream.range(0, 100).mapToObj((i) -> "idle-" + i).toList();
		idle.forEach((client) -> limiter.tryAcquire(client, List.of(perMinute)));
		this.clock.advance(Duration.ofHours(1).minus(1, ChronoUnit.MICROS));
		// Every new client has the sweep look at two clients: 20,000 of them go round the map more than once.
		for (int i = 0; i < 20_000; i++) {
			limiter.tryAcquire("early-" + i, List.of(perMinute));
		}
		assertThat(idle).allMatch(limiter::holds);
		// A client's last request time is kept to the millisecond: retired no earlier than the idle timeout
		// after it, and no later than a millisecond more.
		this.clock.advance(Duration.of(1 + InMemoryRateLimiter.TOUCH_MICROS, ChronoUnit.MICROS));
		int newcomers = 0;
		while (idle.stream().anyMatch(limiter::holds) && newcomers < 50_000) {
			limiter.tryAcquire("late-" + newcomers++, List.of(perMinute));
		}
		assertThat(idle).noneMatch(limiter::holds);
		System.out.printf("IN-MEMORY LIMITER: 100 idle clients retired after %d new clients' requests%n", newcomers);
	}

	@Test
	void aStateThatStillCountsIsKeptPastAnIdleTimeoutShorterThanItsLimit() {
		// Configuration validation refuses an idle timeout shorter than a limit's span; the limiter still
		// keeps such a state while it counts, rather than hand the client a fresh month.
		InMemoryRateLimiter limiter = new InMemoryRateLimiter(100_000, Duration.ofDays(1), this.clock);
		Charge monthly = quota("monthly", 3, CalendarPeriod.MONTH, UTC, 1);
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.tryAcquire("heavy", List.of(monthly)).allowed()).isTrue();
		}
		this.clock.advance(Duration.ofDays(2));
		traffic(limiter, "others-", 5_000, rate("per-minute", 60, Duration.ofMinutes(1), 60, 1));
		assertThat(limiter.holds("heavy")).isTrue();
		assertThat(limiter.tryAcquire("heavy", List.of(monthly)).allowed()).isFalse();
	}

	@Test
	void retiringIdleClientsWhileOthersDecideAdmitsExactlyTheLimit() throws Exception {
		// Every state is retired as soon as it no longer counts and has been idle for a microsecond (and the
		// millisecond by which a last request's time may be stale), while one thread keeps the clock moving (by
		// at most a second in all: no unit of the hourly limit comes back)
		// and the sweeps going, and 16 threads charge a client: only states that no longer count may go.
		InMemoryRateLimiter limiter = new InMemoryRateLimiter(100_000, Duration.of(1, ChronoUnit.MICROS),
				this.clock);
		Charge perHour = rate("per-hour", 50, Duration.ofHours(1), 50, 1);
		Charge fleeting = rate("per-microsecond", 1, Duration.of(1, ChronoUnit.MICROS), 1, 1);
		AtomicBoolean running = new AtomicBoolean(true);
		Thread sweeps = new Thread(() -> {
			for (int i = 0; running.get() && i < 1_000_000; i++) {
				this.clock.advance(Duration.of(1, ChronoUnit.MICROS));
				limiter.tryAcquire("fleeting-" + (i % 1000), List.of(fleeting));
			}
		});
		sweeps.start();
		try {
			for (int round = 0; round < 20; round++) {
				String hot = "hot-" + round;
				assertThat(concurrentlyAdmitted(500, () -> limiter.tryAcquire(hot, List.of(perHour)).allowed()))
					.as(hot)
					.isEqualTo(50);
			}
		}
		finally {
			running.set(false);
			sweeps.join(TimeUnit.SECONDS.toMillis(120));
		}
	}

	@Test
	void aLimitChargedUnderTwoPoliciesCountsSeparately() {
		Limit shared = Limit.rate("per-minute", 1, Duration.ofMinutes(1));
		assertThat(this.limiter.tryAcquire("c1", List.of(new Charge("orders", shared, 1))).allowed()).isTrue();
		assertThat(this.limiter.tryAcquire("c1", List.of(new Charge("exports", shared, 1))).allowed()).isTrue();
		assertThat(this.limiter.tryAcquire("c1", List.of(new Charge("orders", shared, 1))).allowed()).isFalse();
	}

	@Test
	void equalLimitsMadeAfreshForEveryRequestShareOneState() {
		// More limit objects than the limiter remembers by identity: each still finds the same state.
		for (int i = 0; i < 5_000; i++) {
			Charge charge = new Charge("api", Limit.rate("per-hour", 10_000, Duration.ofHours(1)), 1);
			Decision decision = this.limiter.tryAcquire("c1", List.of(charge));
			assertThat(decision.statuses().get(0).remaining()).isEqualTo(10_000 - 1 - i);
		}
	}

	@Test
	void aDecisionAllocatesNoMoreThanABucket4jLocalBucket() {
		Charge charge = rate("per-hour", 1_000_000_000, Duration.ofHours(1), 1_000_000_000, 1);
		List<Charge> charges = List.of(charge);
		for (int i = 0; i < 10_000; i++) {
			this.limiter.tryAcquire("hot", charges);
		}
		int decisions = 100_000;
		long allocated = allocatedBy(() -> {
			for (int i = 0; i < decisions; i++) {
				this.limiter.tryAcquire("hot", charges);
			}
		});
		System.out.printf("IN-MEMORY LIMITER: %.1f bytes allocated per decision%n", (double) allocated / decisions);
		// Bucket4j's tryConsumeAndReturnRemaining on a local bucket allocates 104 bytes (JMH -prof gc).
		assertThat((double) allocated / decisions).isLessThanOrEqualTo(104);
	}

	private static void traffic(InMemoryRateLimiter limiter, String prefix, int clients, Charge charge) {
		for (int i = 0; i < clients; i++) {
			limiter.tryAcquire(prefix + i, List.of(charge));
		}
	}

	private static long allocatedBy(Runnable action) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long thread = Thread.currentThread().getId();
		long before = threads.getThreadAllocatedBytes(thread);
		action.run();
		return threads.getThreadAllocatedBytes(thread) - before;
	}

}
