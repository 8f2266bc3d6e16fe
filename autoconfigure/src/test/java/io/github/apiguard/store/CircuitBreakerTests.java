package io.github.apiguard.store;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.apiguard.store.CircuitBreaker.Permit;
import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one breaker both guards use: it opens after the threshold of consecutive outages only, stays open for
 * its duration on the clock it is given, lets exactly one trial through, and closes on the trial's success.
 */
class CircuitBreakerTests {

	private static final Duration OPEN = Duration.ofSeconds(5);

	private final MutableClock clock = MutableClock.at("2026-03-15T10:00:00Z");

	private final CircuitBreaker breaker = new CircuitBreaker("test store", 3, OPEN, this.clock,
			(failure) -> failure instanceof Outage);

	@Test
	void opensAfterTheThresholdOfConsecutiveOutagesAndNotBefore() {
		fail(new Outage());
		fail(new Outage());
		assertThat(this.breaker.isOpen()).isFalse();
		assertThat(this.breaker.acquire()).isEqualTo(Permit.GRANTED);
		this.breaker.failed(Permit.GRANTED, new Outage());
		assertThat(this.breaker.isOpen()).isTrue();
		assertThat(this.breaker.acquire()).isEqualTo(Permit.REFUSED);
	}

	@Test
	void aSuccessInBetweenStartsTheCountAgain() {
		fail(new Outage());
		fail(new Outage());
		this.breaker.succeeded(this.breaker.acquire());
		fail(new Outage());
		fail(new Outage());
		assertThat(this.breaker.isOpen()).isFalse();
	}

	@Test
	void failuresOfOneCallNeverCountHoweverMany() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.breaker.failed(this.breaker.acquire(), new IllegalArgumentException("WRONGTYPE"))).isFalse();
		}
		assertThat(this.breaker.isOpen()).isFalse();
		// Nor do they break a run of outages: only a success does.
		fail(new Outage());
		fail(new IllegalArgumentException("one client's data"));
		fail(new Outage());
		fail(new Outage());
		assertThat(this.breaker.isOpen()).isTrue();
	}

	@Test
	void staysOpenForItsDurationOnItsClockThenLetsOneTrialThrough() {
		open();
		this.clock.advance(OPEN.minusMillis(1));
		assertThat(this.breaker.acquire()).isEqualTo(Permit.REFUSED);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.breaker.acquire()).isEqualTo(Permit.TRIAL);
		// While the trial runs, everyone else is still refused.
		assertThat(this.breaker.acquire()).isEqualTo(Permit.REFUSED);
		this.breaker.succeeded(Permit.TRIAL);
		assertThat(this.breaker.isOpen()).isFalse();
		assertThat(this.breaker.acquire()).isEqualTo(Permit.GRANTED);
	}

	@Test
	void aFailedTrialOpensItForAnotherDuration() {
		open();
		this.clock.advance(OPEN);
		Permit trial = this.breaker.acquire();
		assertThat(trial).isEqualTo(Permit.TRIAL);
		assertThat(this.breaker.failed(trial, new Outage())).isTrue();
		assertThat(this.breaker.acquire()).isEqualTo(Permit.REFUSED);
		this.clock.advance(OPEN.minusMillis(1));
		assertThat(this.breaker.acquire()).isEqualTo(Permit.REFUSED);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.breaker.acquire()).isEqualTo(Permit.TRIAL);
	}

	@Test
	void aTrialThatFailsForItsOwnReasonNeitherClosesNorKeepsTheNextTrialOut() {
		open();
		this.clock.advance(OPEN);
		Permit trial = this.breaker.acquire();
		assertThat(this.breaker.failed(trial, new IllegalArgumentException("one client's data"))).isFalse();
		assertThat(this.breaker.isOpen()).isTrue();
		assertThat(this.breaker.acquire()).isEqualTo(Permit.TRIAL);
	}

	@Test
	void exactlyOneOfManyConcurrentCallersGetsTheTrial() throws Exception {
		open();
		this.clock.advance(OPEN);
		int threads = 16;
		CyclicBarrier start = new CyclicBarrier(threads);
		CountDownLatch decided = new CountDownLatch(threads);
		AtomicInteger trials = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Permit>> permits = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				permits.add(pool.submit((Callable<Permit>) () -> {
					start.await(120, TimeUnit.SECONDS);
					Permit permit = this.breaker.acquire();
					if (permit == Permit.TRIAL) {
						trials.incrementAndGet();
						// Held until every caller has asked, so the trial is still running for all of them.
						decided.countDown();
						assertThat(decided.await(120, TimeUnit.SECONDS)).isTrue();
					}
					else {
						decided.countDown();
					}
					return permit;
				}));
			}
			for (Future<Permit> permit : permits) {
				assertThat(permit.get(120, TimeUnit.SECONDS)).isIn(Permit.TRIAL, Permit.REFUSED);
			}
			assertThat(trials).hasValue(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private void open() {
		for (int i = 0; i < 3; i++) {
			fail(new Outage());
		}
		assertThat(this.breaker.isOpen()).isTrue();
	}

	private void fail(RuntimeException failure) {
		this.breaker.failed(this.breaker.acquire(), failure);
	}

	static final class Outage extends RuntimeException {

	}

}
