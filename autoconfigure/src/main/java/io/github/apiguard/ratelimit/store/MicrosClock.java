package io.github.apiguard.ratelimit.store;

import java.time.Clock;

/**
 * Now in microseconds since the epoch, as a {@link Clock} tells it, read cheaply from the system clock:
 * {@code Clock.systemUTC().instant()} asks the operating system for the wall time through a native call that
 * costs more than the rest of an in-memory decision, so the system clock's time is taken as the
 * {@link System#nanoTime()} elapsed since an instant read from it at most {@link #ANCHOR_NANOS} ago: it
 * differs from the wall clock only by how far the two drift apart in that time (microseconds), and follows
 * the wall clock's steps (an NTP correction) within it. Any other clock (a test's, an application's own) is
 * read as it is, every time.
 */
final class MicrosClock {

	/** How long the system clock's time is carried forward by {@code nanoTime()} before it is read again. */
	static final long ANCHOR_NANOS = 1_000_000_000L;

	private static final Class<?> SYSTEM_CLOCK = Clock.systemUTC().getClass();

	private final Clock clock;

	private final boolean system;

	private volatile Anchor anchor;

	MicrosClock(Clock clock) {
		this.clock = clock;
		this.system = clock.getClass() == SYSTEM_CLOCK;
		this.anchor = new Anchor(System.nanoTime(), LimitArithmetic.micros(clock.instant()));
	}

	/**
	 * Now.
	 * @return microseconds since the epoch
	 */
	long now() {
		if (!this.system) {
			return LimitArithmetic.micros(this.clock.instant());
		}
		long nanos = System.nanoTime();
		Anchor anchor = this.anchor;
		long elapsed = nanos - anchor.nanos;
		if (elapsed >= 0 && elapsed < ANCHOR_NANOS) {
			return anchor.micros + elapsed / 1_000;
		}
		return anchor();
	}

	private long anchor() {
		long micros = LimitArithmetic.micros(this.clock.instant());
		// Read after the wall time, so that a pause between the two reads makes the time carried forward
		// late rather than early: a decision on a time a little behind is only the stricter.
		long nanos = System.nanoTime();
		this.anchor = new Anchor(nanos, micros);
		return micros;
	}

	private record Anchor(long nanos, long micros) {
	}

}
