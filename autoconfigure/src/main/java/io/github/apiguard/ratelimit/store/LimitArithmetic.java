package io.github.apiguard.ratelimit.store;

import io.github.apiguard.ratelimit.Charge;

import io.github.apiguard.ratelimit.Limit;

import io.github.apiguard.ratelimit.CalendarPeriod;

import io.github.apiguard.ratelimit.LimitStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * GCRA and calendar-quota arithmetic in integer microseconds since the epoch. The Redis script
 * ({@code rate-limit.lua}) performs exactly the same steps, so both stores answer alike.
 */
final class LimitArithmetic {

	private LimitArithmetic() {
	}

	/**
	 * One limit evaluated: its status and the state to store if the request is admitted.
	 * @param status the status
	 * @param first the new theoretical arrival time (rates) or period end (quotas)
	 * @param second unused (rates) or units used in the period (quotas)
	 */
	record Step(LimitStatus status, long first, long second) {
	}

	/**
	 * GCRA: each unit pushes the theoretical arrival time (TAT) one emission interval further; a request
	 * conforms when the new TAT is at most a burst's worth of intervals ahead of now.
	 * @param charge the charge
	 * @param now now, in microseconds
	 * @param storedTat the stored TAT, or {@code 0} when there is none
	 * @return the step
	 */
	static Step rate(Charge charge, long now, long storedTat) {
		Limit limit = charge.limit();
		long interval = limit.emissionIntervalMicros();
		// At most Limit.MAX_SPAN: the limit's bounds keep this and every sum below far from overflow.
		long capacity = interval * limit.burst();
		long tat = Math.max(storedTat, now);
		long newTat = tat + units(charge) * interval;
		long allowAt = newTat - capacity;
		if (now < allowAt) {
			long remaining = Math.max(0, (capacity - (tat - now)) / interval);
			return new Step(new LimitStatus(charge, false, remaining, instant(tat), Duration.of(allowAt - now,
					ChronoUnit.MICROS)), storedTat, 0);
		}
		long remaining = Math.max(0, (capacity - (newTat - now)) / interval);
		return new Step(new LimitStatus(charge, true, remaining, instant(newTat), Duration.ZERO), newTat, 0);
	}

	/**
	 * Calendar quota: units used are counted per period and forgotten when a new period starts.
	 * @param charge the charge
	 * @param now now, in microseconds
	 * @param storedEnd the end of the period the stored count belongs to, or {@code 0}
	 * @param storedUsed the stored count
	 * @return the step
	 */
	static Step quota(Charge charge, long now, long storedEnd, long storedUsed) {
		Limit limit = charge.limit();
		CalendarPeriod calendar = limit.calendar();
		Instant end = calendar.end(instant(now), limit.zone());
		long periodEnd = micros(end);
		long used = (storedEnd == periodEnd) ? storedUsed : 0;
		long units = units(charge);
		if (units > limit.quota() - used) {
			return new Step(new LimitStatus(charge, false, Math.max(0, limit.quota() - used), end,
					Duration.of(periodEnd - now, ChronoUnit.MICROS)), storedEnd, storedUsed);
		}
		used += units;
		return new Step(new LimitStatus(charge, true, limit.quota() - used, end, Duration.ZERO), periodEnd, used);
	}

	/**
	 * The units a charge counts with: its cost, saturated one above what the limit can ever admit (a rate's
	 * burst, a quota's quota). A larger cost is rejected all the same, and counting it would overflow: a cost
	 * of {@code Long.MAX_VALUE} once made the in-memory quota admit with a negative remainder.
	 * @param charge the charge
	 * @return the units, at most {@code burst + 1} or {@code quota + 1}
	 */
	static long units(Charge charge) {
		Limit limit = charge.limit();
		return Math.min(charge.cost(), (limit.isQuota() ? limit.quota() : limit.burst()) + 1);
	}

	static long micros(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
	}

	static Instant instant(long micros) {
		return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
	}

}
