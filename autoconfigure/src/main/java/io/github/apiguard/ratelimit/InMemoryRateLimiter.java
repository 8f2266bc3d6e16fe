package io.github.apiguard.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
			ids[i] = charges.get(i).stateId();
		}
		while (true) {
			long now = LimitArithmetic.micros(this.clock.instant());
			State current = state.get();
			LimitStatus[] statuses = new LimitStatus[count];
			long[] until = new long[count];
			long[] used = new long[count];
			boolean allowed = true;
			for (int i = 0; i < count; i++) {
				Charge charge = charges.get(i);
				int slot = current.indexOf(ids[i]);
				long slotUntil = (slot >= 0) ? current.until[slot] : 0;
				LimitArithmetic.Step step = charge.limit().isQuota()
						? LimitArithmetic.quota(charge, now, slotUntil, (slot >= 0) ? current.used[slot] : 0)
						: LimitArithmetic.rate(charge, now, slotUntil);
				statuses[i] = step.status();
				allowed &= step.status().conforming();
				until[i] = step.first();
				used[i] = step.second();
			}
			Decision decision = new Decision(allowed, Arrays.asList(statuses));
			if (!allowed) {
				// All or nothing: a rejected request changes no limit.
				return decision;
			}
			if (state.compareAndSet(current, current.update(ids, until, used, now))) {
				return decision;
			}
		}
	}

	/**
	 * One client's limits: parallel arrays of limit id, a rate's TAT or a quota's period end (microseconds;
	 * the slot means nothing after it) and a quota's units used. Never changed once published; a client
	 * has one to three limits, so a linear scan beats any map.
	 */
	private static final class State {

		static final State EMPTY = new State(new String[0], new long[0], new long[0]);

		final String[] ids;

		final long[] until;

		final long[] used;

		State(String[] ids, long[] until, long[] used) {
			this.ids = ids;
			this.until = until;
			this.used = used;
		}

		int indexOf(String id) {
			for (int i = 0; i < this.ids.length; i++) {
				if (this.ids[i].equals(id)) {
					return i;
				}
			}
			return -1;
		}

		/**
		 * The state after a decision: the charged limits' new slots, plus this state's other slots that are
		 * still live (expired ones carry nothing: a past TAT is "now", an old period is zero).
		 */
		State update(String[] chargedIds, long[] chargedUntil, long[] chargedUsed, long now) {
			int kept = 0;
			for (int i = 0; i < this.ids.length; i++) {
				if (this.until[i] > now && !contains(chargedIds, this.ids[i])) {
					kept++;
				}
			}
			if (kept == 0) {
				return new State(chargedIds, chargedUntil, chargedUsed);
			}
			int size = chargedIds.length + kept;
			String[] ids = Arrays.copyOf(chargedIds, size);
			long[] until = Arrays.copyOf(chargedUntil, size);
			long[] used = Arrays.copyOf(chargedUsed, size);
			int next = chargedIds.length;
			for (int i = 0; i < this.ids.length; i++) {
				if (this.until[i] > now && !contains(chargedIds, this.ids[i])) {
					ids[next] = this.ids[i];
					until[next] = this.until[i];
					used[next] = this.used[i];
					next++;
				}
			}
			return new State(ids, until, used);
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
