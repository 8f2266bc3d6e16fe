package io.github.apiguard.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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

	private final Cache<String, AtomicReference<Map<String, Slot>>> clients;

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
		AtomicReference<Map<String, Slot>> state = this.clients.get(client, (key) -> new AtomicReference<>(Map.of()));
		while (true) {
			long now = LimitArithmetic.micros(this.clock.instant());
			Map<String, Slot> current = state.get();
			List<LimitStatus> statuses = new ArrayList<>(charges.size());
			Map<String, Slot> updated = new HashMap<>(current.size() + charges.size());
			current.forEach((id, slot) -> {
				if (slot.until() > now) {
					// Expired slots carry nothing a decision needs: a past TAT is "now", an old period is zero.
					updated.put(id, slot);
				}
			});
			for (Charge charge : charges) {
				Slot slot = current.get(charge.stateId());
				LimitArithmetic.Step step;
				if (charge.limit().isQuota()) {
					step = LimitArithmetic.quota(charge, now, (slot != null) ? slot.until() : 0,
							(slot != null) ? slot.used() : 0);
				}
				else {
					step = LimitArithmetic.rate(charge, now, (slot != null) ? slot.until() : 0);
				}
				statuses.add(step.status());
				updated.put(charge.stateId(), new Slot(step.first(), step.second()));
			}
			Decision decision = Decision.of(statuses);
			if (!decision.allowed()) {
				// All or nothing: a rejected request changes no limit.
				return decision;
			}
			if (state.compareAndSet(current, Map.copyOf(updated))) {
				return decision;
			}
		}
	}

	/**
	 * The stored state of one limit.
	 * @param until a rate's TAT or a quota's period end, in microseconds; the slot means nothing after it
	 * @param used a quota's units used in the period
	 */
	private record Slot(long until, long used) {
	}

}
