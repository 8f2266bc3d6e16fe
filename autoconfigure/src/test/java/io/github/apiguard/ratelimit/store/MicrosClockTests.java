package io.github.apiguard.ratelimit.store;

import java.time.Clock;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class MicrosClockTests {

	@Test
	void theSystemClockCarriedForwardIsNotAheadOfItByMoreThanTheirDrift() {
		MicrosClock clock = new MicrosClock(Clock.systemUTC());
		for (int i = 0; i < 1_000_000; i++) {
			long now = clock.now();
			// Busy threads only make it late (a pause between the anchor's two reads). Early is the drift
			// between nanoTime and the wall clock since the anchor, less than a second ago: microseconds.
			assertThat(now).isLessThanOrEqualTo(LimitArithmetic.micros(Clock.systemUTC().instant()) + 1_000);
		}
	}

	@Test
	void anyOtherClockIsReadEveryTime() {
		MutableClock mutable = MutableClock.at("2026-03-15T10:00:00Z");
		MicrosClock clock = new MicrosClock(mutable);
		assertThat(clock.now()).isEqualTo(LimitArithmetic.micros(Instant.parse("2026-03-15T10:00:00Z")));
		mutable.set(Instant.parse("2026-03-15T09:00:00.000001Z"));
		assertThat(clock.now()).isEqualTo(LimitArithmetic.micros(Instant.parse("2026-03-15T09:00:00.000001Z")));
	}

}
