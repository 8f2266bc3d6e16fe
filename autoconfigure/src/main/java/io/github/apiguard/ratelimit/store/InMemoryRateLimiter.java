package io.github.apiguard.ratelimit.store;

import io.github.apiguard.ratelimit.Charge;

import io.github.apiguard.ratelimit.Decision;

import io.github.apiguard.ratelimit.RateLimiter;

import io.github.apiguard.ratelimit.LimitStatus;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Rate limits in this JVM: a bounded Caffeine map from client to that client's immutable state (a GCRA
 * arrival time per rate, a count per quota), replaced by compare-and-set. A decision reads the state,
 * computes the outcome for all charges and swaps in the new state only if nothing changed meanwhile, so
 * all-or-nothing holds without locks and no update is lost; clients never contend with each other.
 * <p>
 * The least recently used clients are evicted beyond {@code maximumClients}, and idle ones after
 * {@code idleTimeout} (keep it longer than the longest period, or a monthly quota is forgotten early).
 */
public final class InMemoryRateLimiter implements RateLimiter {

	private static final Function<String, AtomicReference<State>> NEW_STATE = (client) -> new AtomicReference<>(
			State.EMPTY);

	private final Cache<String, AtomicReference<State>> clients;

	/** One canonical id string per limit, so a million clients' states share it instead of each holding a copy. */
	private final Map<String, String> ids = new ConcurrentHashMap<>();

	private final Clock clock;

	/**
	 * Creates a limiter.
	 * @param maximumClients how many clients' state to keep at most
	 * @param idleTimeout after how long without requests a client's state is dropped
	 * @param clock the clock
	 */
	public InMemoryRateLimiter(long maximumClients, Duration idleTimeout, Clock clock) {
		this.clients = Caffeine.newBuilder().maximumSize(maximumClients).expireAfterAccess(idleTimeout).build();
		this.clock = clock;
	}

	@Override
	public Decision tryAcquire(String client, List<Charge> charges) {
		AtomicReference<State> state = this.clients.get(client, NEW_STATE);
		int count = charges.size();
		String[] ids = new String[count];
		for (int i = 0; i < count; i++) {
			ids[i] = canonical(charges.get(i).stateId());
		}
		while (true) {
			long now = LimitArithmetic.micros(this.clock.instant());
			State current = state.get();
			LimitStatus[] statuses = new LimitStatus[count];
			long[] values = new long[2 * count];
			boolean allowed = true;
			for (int i = 0; i < count; i++) {
				Charge charge = charges.get(i);
				int slot = current.indexOf(ids[i]);
				long slotUntil = (slot >= 0) ? current.until(slot) : 0;
				LimitArithmetic.Step step = charge.limit().isQuota()
						? LimitArithmetic.quota(charge, now, slotUntil, (slot >= 0) ? current.used(slot) : 0)
						: LimitArithmetic.rate(charge, now, slotUntil);
				statuses[i] = step.status();
				allowed &= step.status().conforming();
				values[2 * i] = step.first();
				values[2 * i + 1] = step.second();
			}
			Decision decision = new Decision(allowed, Arrays.asList(statuses));
			if (!allowed) {
				// All or nothing: a rejected request changes no limit.
				return decision;
			}
			if (state.compareAndSet(current, current.update(ids, values, now))) {
				return decision;
			}
		}
	}

	private String canonical(String id) {
		String canonical = this.ids.get(id);
		if (canonical != null) {
			return canonical;
		}
		canonical = this.ids.putIfAbsent(id, id);
		return (canonical != null) ? canonical : id;
	}

	/**
	 * One client's limits: the limit ids (canonical strings shared by all clients) and, per limit, a rate's TAT
	 * or a quota's period end (microseconds; the slot means nothing after it) followed by a quota's units
	 * used, packed in one array. Never changed once published; a client has one to three limits, so a linear
	 * scan beats any map.
	 */
	private static final class State {

		static final State EMPTY = new State(new String[0], new long[0]);

		final String[] ids;

		final long[] values;

		State(String[] ids, long[] values) {
			this.ids = ids;
			this.values = values;
		}

		long until(int slot) {
			return this.values[2 * slot];
		}

		long used(int slot) {
			return this.values[2 * slot + 1];
		}

		int indexOf(String id) {
			for (int i = 0; i < this.ids.length; i++) {
				// Ids are canonical instances, so identity answers first; equals covers the rest.
				if (this.ids[i] == id || this.ids[i].equals(id)) {
					return i;
				}
			}
			return -1;
		}

		/**
		 * The state after a decision: the charged limits' new slots, plus this state's other slots that are
		 * still live (expired ones carry nothing: a past TAT is "now", an old period is zero).
		 */
		State update(String[] chargedIds, long[] chargedValues, long now) {
			int kept = 0;
			for (int i = 0; i < this.ids.length; i++) {
				if (until(i) > now && !contains(chargedIds, this.ids[i])) {
					kept++;
				}
			}
			if (kept == 0) {
				return new State(chargedIds, chargedValues);
			}
			int size = chargedIds.length + kept;
			String[] ids = Arrays.copyOf(chargedIds, size);
			long[] values = Arrays.copyOf(chargedValues, 2 * size);
			int next = chargedIds.length;
			for (int i = 0; i < this.ids.length; i++) {
				if (until(i) > now && !contains(chargedIds, this.ids[i])) {
					ids[next] = this.ids[i];
					values[2 * next] = until(i);
					values[2 * next + 1] = used(i);
					next++;
				}
			}
			return new State(ids, values);
		}

		private static boolean contains(String[] ids, String id) {
			for (String candidate : ids) {
				if (candidate.equals(id)) {
					return true;
				}
			}
			return false;
		}

	}

}
