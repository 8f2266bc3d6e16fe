package io.github.apiguard.ratelimit.store;

import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Limit;

/**
 * One {@link LimitKey} per limit state id ({@link Charge#stateId()}: policy, limit name, definition), so a
 * client's state names its limits by reference, and a decision finds a charge's key by the identity of its
 * {@link Limit} and the name of its policy, without building and hashing the id string each time.
 * <p>
 * The identity table is a hint: bounded, rebuilt from scratch when full (callers that make new limits per
 * request only miss it), while the keys themselves are canonical for as long as the limiter lives, so the
 * same id always finds the same key.
 */
final class LimitKeys {

	/** Beyond this many (limit, policy) pairs the identity table starts afresh. */
	private static final int MAX_ENTRIES = 1024;

	private final ConcurrentHashMap<String, LimitKey> byId = new ConcurrentHashMap<>();

	/** Open addressing by the limit's identity hash, at most half full; replaced, never changed, once published. */
	private volatile Entry[] table = new Entry[16];

	/** Guarded by {@code this}. */
	private int entries;

	/**
	 * The key of a charge's limit state.
	 * @param charge the charge
	 * @return the key, the same object for every charge of the same state id
	 */
	LimitKey of(Charge charge) {
		Limit limit = charge.limit();
		Entry[] table = this.table;
		int mask = table.length - 1;
		for (int i = System.identityHashCode(limit) & mask;; i = (i + 1) & mask) {
			Entry entry = table[i];
			if (entry == null) {
				return add(charge);
			}
			if (entry.limit == limit && entry.policy.equals(charge.policy())) {
				return entry.key;
			}
		}
	}

	private synchronized LimitKey add(Charge charge) {
		LimitKey key = this.byId.computeIfAbsent(charge.stateId(), (id) -> new LimitKey(id, charge.limit()));
		Entry[] table = this.table;
		if (this.entries >= MAX_ENTRIES) {
			table = new Entry[16];
			this.entries = 0;
		}
		else if (2 * (this.entries + 1) > table.length) {
			table = rehash(table, 2 * table.length);
		}
		else {
			table = table.clone();
		}
		if (insert(table, new Entry(charge.limit(), charge.policy(), key))) {
			this.entries++;
		}
		this.table = table;
		return key;
	}

	private static Entry[] rehash(Entry[] table, int length) {
		Entry[] larger = new Entry[length];
		for (Entry entry : table) {
			if (entry != null) {
				insert(larger, entry);
			}
		}
		return larger;
	}

	private static boolean insert(Entry[] table, Entry added) {
		int mask = table.length - 1;
		for (int i = System.identityHashCode(added.limit) & mask;; i = (i + 1) & mask) {
			Entry entry = table[i];
			if (entry == null) {
				table[i] = added;
				return true;
			}
			if (entry.limit == added.limit && entry.policy.equals(added.policy)) {
				return false;
			}
		}
	}

	private record Entry(Limit limit, String policy, LimitKey key) {
	}

	/**
	 * A limit state id, with what all limits of that id share: a rate's emission interval (part of the id)
	 * and the calendar period now current for a quota, which every client of the limit is in.
	 */
	static final class LimitKey {

		private final String id;

		private final long interval;

		private volatile @Nullable Period period;

		LimitKey(String id, Limit limit) {
			this.id = id;
			this.interval = limit.isQuota() ? 0 : limit.emissionIntervalMicros();
		}

		/**
		 * The emission interval of the rate this key belongs to.
		 * @return the interval, µs
		 */
		long interval() {
			return this.interval;
		}

		/**
		 * The end of the quota period {@code now} falls in, computed once per period rather than per decision.
		 * @param limit a quota of this key
		 * @param now now, µs
		 * @return the period's end, µs
		 */
		long periodEnd(Limit limit, long now) {
			Period period = this.period;
			ZoneId zone = limit.zone();
			// The id names the zone by a hash of its name: compared in full here.
			if (period == null || now < period.start || now >= period.end || !period.zone.equals(zone)) {
				CalendarPeriod calendar = limit.calendar();
				Instant instant = LimitArithmetic.instant(now);
				period = new Period(LimitArithmetic.micros(calendar.start(instant, zone)),
						LimitArithmetic.micros(calendar.end(instant, zone)), zone);
				this.period = period;
			}
			return period.end;
		}

		@Override
		public String toString() {
			return this.id;
		}

	}

	/**
	 * A calendar period, {@code [start, end)} in µs: every instant in it has the same period end.
	 */
	private record Period(long start, long end, ZoneId zone) {
	}

}
