package io.github.apiguard.ratelimit.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.LimitStatus;

/**
 * GCRA and calendar-quota arithmetic in integer microseconds since the epoch. The Redis script
 * ({@code rate-limit.lua}) performs exactly the same steps, so both stores answer alike.
 * <p>
 * A decision needs only whether each limit conforms and the state to store: {@link #tatAfter},
 * {@link #rateConforms}, {@link #usedBefore} and {@link #quotaConforms} compute those in longs. What a limit
 * tells the client (remaining, reset, retry-after) is {@link #rateStatus} and {@link #quotaStatus}, built
 * from the same inputs with the same steps only when it is read.
 */
final class LimitArithmetic {

	private LimitArithmetic() {
	}

	/**
	 * GCRA: each unit pushes the theoretical arrival time (TAT) one emission interval further.
	 * @param interval the emission interval, µs
	 * @param units the units, from {@link #units(Charge)}
	 * @param now now, µs
	 * @param storedTat the stored TAT, or {@code 0} when there is none
	 * @return the TAT if the request is admitted
	 */
	static long tatAfter(long interval, long units, long now, long storedTat) {
		// units × interval is at most (burst + 1) × interval: the limit's bounds keep it and the sum far
		// from overflow (Limit.MAX_SPAN).
		return Math.max(storedTat, now) + units * interval;
	}

	/**
	 * A request conforms when its new TAT is at most a burst's worth of intervals ahead of now.
	 * @param newTat the TAT if admitted, from {@link #tatAfter}
	 * @param interval the emission interval, µs
	 * @param burst the burst
	 * @param now now, µs
	 * @return whether the rate admits the request
	 */
	static boolean rateConforms(long newTat, long interval, long burst, long now) {
		return now >= newTat - interval * burst;
	}

	/**
	 * Calendar quota: units used are counted per period and forgotten when a new period starts.
	 * @param periodEnd the end of the current period, µs
	 * @param storedEnd the end of the period the stored count belongs to, or {@code 0}
	 * @param storedUsed the stored count
	 * @return the units used in the current period so far
	 */
	static long usedBefore(long periodEnd, long storedEnd, long storedUsed) {
		return (storedEnd == periodEnd) ? storedUsed : 0;
	}

	/**
	 * Whether a quota with {@code used} units used admits {@code units} more.
	 * @param quota the quota
	 * @param used the units used, from {@link #usedBefore}
	 * @param units the units, from {@link #units(Charge)}
	 * @return whether the quota admits the request
	 */
	static boolean quotaConforms(long quota, long used, long units) {
		return units <= quota - used;
	}

	/**
	 * The status of a rate.
	 * @param charge the charge
	 * @param interval its emission interval, µs
	 * @param now now, µs
	 * @param storedTat the TAT the decision read, or {@code 0}
	 * @return the status
	 */
	static LimitStatus rateStatus(Charge charge, long interval, long now, long storedTat) {
		Limit limit = charge.limit();
		// At most Limit.MAX_SPAN: the limit's bounds keep this and every sum below far from overflow.
		long capacity = interval * limit.burst();
		long tat = Math.max(storedTat, now);
		long newTat = tatAfter(interval, units(charge), now, storedTat);
		if (!rateConforms(newTat, interval, limit.burst(), now)) {
			long remaining = Math.max(0, (capacity - (tat - now)) / interval);
			return new LimitStatus(charge, false, remaining, instant(tat),
					Duration.of(newTat - capacity - now, ChronoUnit.MICROS));
		}
		long remaining = Math.max(0, (capacity - (newTat - now)) / interval);
		return new LimitStatus(charge, true, remaining, instant(newTat), Duration.ZERO);
	}

	/**
	 * The status of a calendar quota.
	 * @param charge the charge
	 * @param periodEnd the end of the current period, µs
	 * @param now now, µs
	 * @param storedEnd the period end the decision read, or {@code 0}
	 * @param storedUsed the count the decision read
	 * @return the status
	 */
	static LimitStatus quotaStatus(Charge charge, long periodEnd, long now, long storedEnd, long storedUsed) {
		long quota = charge.limit().quota();
		long used = usedBefore(periodEnd, storedEnd, storedUsed);
		long units = units(charge);
		if (!quotaConforms(quota, used, units)) {
			return new LimitStatus(charge, false, Math.max(0, quota - used), instant(periodEnd),
					Duration.of(periodEnd - now, ChronoUnit.MICROS));
		}
		return new LimitStatus(charge, true, quota - used - units, instant(periodEnd), Duration.ZERO);
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
