package io.github.apiguard.ratelimit.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.LimitStatus;
import io.github.apiguard.ratelimit.RateLimiter;
import io.github.apiguard.ratelimit.store.LimitKeys.LimitKey;

/**
 * Rate limits in this JVM: a map from client to that client's immutable state (a GCRA arrival time per rate,
 * a period end and count per quota), replaced by compare-and-set. A decision reads the state, computes the
 * outcome of all charges in longs and swaps in the new state only if nothing changed meanwhile, so
 * all-or-nothing holds without locks and no update is lost; clients never contend with each other. What each
 * limit tells the client (remaining, reset, retry-after) is built from the state the decision read only when
 * it is first read ({@link Decision.DeferredStatuses}).
 * <p>
 * The map holds at most {@code maximumClients} clients: a new client beyond that retires one, chosen from a
 * small sample, preferring states that no longer count anything and otherwise the one without requests the
 * longest. A client's state is retired once it has had no request for {@code idleTimeout} and none of its
 * limits still counts (every rate's burst back, every quota's period over); with the idle timeout at least
 * the longest limit's span, as configuration validation demands, the first implies the second. Retiring is
 * done by the callers, a few clients at a time: each new client, and about one decision in
 * {@value #SWEEP_ONE_IN}, looks at the next few clients in the map. Nothing reads the clock for the map, and
 * no work is handed to other threads. A client's last request time is kept to the millisecond (written at
 * most once a millisecond), and idleness allows for that. The system clock is read through {@link MicrosClock}.
 */
public final class InMemoryRateLimiter implements RateLimiter {

	/** About one decision in this many (a power of two) also looks at {@link #SWEEP_STEP} other clients. */
	static final int SWEEP_ONE_IN = 64;

	/** How many clients a sweep looks at, so that idle ones go at least as fast as new ones arrive. */
	private static final int SWEEP_STEP = 2;

	/** How stale a client's last request time may be: sweeps allow for it. */
	static final long TOUCH_MICROS = 1_000;

	/** How many clients a full map samples for the one to retire. */
	private static final int EVICTION_SAMPLE = 8;

	private final ConcurrentHashMap<String, Client> clients = new ConcurrentHashMap<>();

	private final LimitKeys keys = new LimitKeys();

	private final long maximumClients;

	private final long idleMicros;

	private final MicrosClock clock;

	/** Taken by whoever sweeps; sweeps that find it taken skip, evictions wait. */
	private final ReentrantLock sweeping = new ReentrantLock();

	/** Where sweeps go on from: a weakly consistent iterator, started afresh at the end of the map. */
	private @Nullable Iterator<Map.Entry<String, Client>> hand;

	/**
	 * Creates a limiter.
	 * @param maximumClients how many clients' state to keep at most
	 * @param idleTimeout after how long without requests a client's state is dropped
	 * @param clock the clock
	 */
	public InMemoryRateLimiter(long maximumClients, Duration idleTimeout, Clock clock) {
		Assert.isTrue(maximumClients > 0, "'maximumClients' must be positive");
		Assert.isTrue(!idleTimeout.isNegative() && !idleTimeout.isZero(), "'idleTimeout' must be positive");
		this.maximumClients = maximumClients;
		this.idleMicros = saturatedMicros(idleTimeout);
		this.clock = new MicrosClock(clock);
	}

	@Override
	public Decision tryAcquire(String client, List<Charge> charges) {
		int count = charges.size();
		if (count == 0) {
			return Decision.unlimited();
		}
		// The statuses are built from the charges later: a list its caller may still change is copied.
		List<Charge> charged = List.copyOf(charges);
		long now = now();
		Decision decision = (count == 1) ? decideOne(client, charged, now) : decideMany(client, charged, now);
		if ((ThreadLocalRandom.current().nextInt() & (SWEEP_ONE_IN - 1)) == 0) {
			sweep(now);
		}
		return decision;
	}

	private Decision decideOne(String name, List<Charge> charges, long now) {
		Charge charge = charges.get(0);
		Limit limit = charge.limit();
		LimitKey key = this.keys.of(charge);
		long units = LimitArithmetic.units(charge);
		boolean reread = false;
		Client client = client(name, now);
		while (true) {
			State current = client.state();
			// Read with the state, from the cache line the state brought: after the swap the line is likely
			// the next decision's already.
			long touched = client.touched();
			if (current == State.RETIRED) {
				client = replace(name, client, now);
				continue;
			}
			int slot = current.indexOf(key);
			long until;
			long used;
			boolean conforming;
			if (limit.isQuota()) {
				long end = key.periodEnd(limit, now);
				if (slot >= 0 && current.until(slot) > end && !reread) {
					// Another decision counted in a later period than this one's clock reading: read it again.
					now = now();
					reread = true;
					continue;
				}
				long before = (slot >= 0) ? LimitArithmetic.usedBefore(end, current.until(slot), current.used(slot)) : 0;
				conforming = LimitArithmetic.quotaConforms(limit.quota(), before, units);
				until = end;
				used = before + units;
			}
			else {
				until = LimitArithmetic.tatAfter(key.interval(), units, now, (slot >= 0) ? current.until(slot) : 0);
				conforming = LimitArithmetic.rateConforms(until, key.interval(), limit.burst(), now);
				used = 0;
			}
			if (!conforming) {
				// All or nothing: a rejected request changes no limit.
				client.touch(touched, now);
				return new Decision(false, new OneStatus(charges, current, now, key));
			}
			if (client.swap(current, current.with(key, until, used, now))) {
				client.touch(touched, now);
				return new Decision(true, new OneStatus(charges, current, now, key));
			}
		}
	}

	private Decision decideMany(String name, List<Charge> charges, long now) {
		int count = charges.size();
		LimitKey[] keys = new LimitKey[count];
		for (int i = 0; i < count; i++) {
			keys[i] = this.keys.of(charges.get(i));
		}
		long[] values = new long[2 * count];
		boolean reread = false;
		Client client = client(name, now);
		attempt: while (true) {
			State current = client.state();
			// Read with the state, from the cache line the state brought: after the swap the line is likely
			// the next decision's already.
			long touched = client.touched();
			if (current == State.RETIRED) {
				client = replace(name, client, now);
				continue;
			}
			boolean allowed = true;
			for (int i = 0; i < count; i++) {
				Charge charge = charges.get(i);
				Limit limit = charge.limit();
				LimitKey key = keys[i];
				long units = LimitArithmetic.units(charge);
				int slot = current.indexOf(key);
				if (limit.isQuota()) {
					long end = key.periodEnd(limit, now);
					if (slot >= 0 && current.until(slot) > end && !reread) {
						now = now();
						reread = true;
						continue attempt;
					}
					long before = (slot >= 0) ? LimitArithmetic.usedBefore(end, current.until(slot), current.used(slot))
							: 0;
					allowed &= LimitArithmetic.quotaConforms(limit.quota(), before, units);
					values[2 * i] = end;
					values[2 * i + 1] = before + units;
				}
				else {
					long tat = LimitArithmetic.tatAfter(key.interval(), units, now, (slot >= 0) ? current.until(slot) : 0);
					allowed &= LimitArithmetic.rateConforms(tat, key.interval(), limit.burst(), now);
					values[2 * i] = tat;
					values[2 * i + 1] = 0;
				}
			}
			if (!allowed) {
				client.touch(touched, now);
				return new Decision(false, new ManyStatuses(charges, current, now, keys));
			}
			// The values go into the new state: a failed swap never published it, so they may be overwritten.
			if (client.swap(current, current.with(keys, values, now))) {
				client.touch(touched, now);
				return new Decision(true, new ManyStatuses(charges, current, now, keys));
			}
		}
	}

	private long now() {
		return this.clock.now();
	}

	private Client client(String name, long now) {
		Client client = this.clients.get(name);
		return (client != null) ? client : admit(name, now);
	}

	/** A client retired while this decision had it: the next one under its name, or a new one. */
	private Client replace(String name, Client retired, long now) {
		this.clients.remove(name, retired);
		return client(name, now);
	}

	private Client admit(String name, long now) {
		Client admitted = new Client(now);
		Client prior = this.clients.putIfAbsent(name, admitted);
		if (prior != null) {
			return prior;
		}
		if (this.clients.mappingCount() > this.maximumClients) {
			evictBeyondBound(admitted, now);
		}
		sweep(now);
		return admitted;
	}

	/**
	 * Looks at the next {@link #SWEEP_STEP} clients and retires those idle for the idle timeout whose limits
	 * no longer count anything: such a state answers every request as no state does. Skipped while another
	 * thread sweeps.
	 */
	private void sweep(long now) {
		if (!this.sweeping.tryLock()) {
			return;
		}
		try {
			for (int i = 0; i < SWEEP_STEP; i++) {
				Map.Entry<String, Client> entry = next(i == 0);
				if (entry == null) {
					return;
				}
				Client client = entry.getValue();
				State state = client.state();
				if (state == State.RETIRED) {
					this.clients.remove(entry.getKey(), client);
				}
				else if (idle(client, now) && state.spent(now)) {
					retire(entry, state);
				}
			}
		}
		finally {
			this.sweeping.unlock();
		}
	}

	/** Whether a client has had no request for the idle timeout, allowing for its time's staleness. */
	private boolean idle(Client client, long now) {
		return now - client.touched() - TOUCH_MICROS >= this.idleMicros;
	}

	/**
	 * Retires clients until the map is within its bound: from a sample of {@link #EVICTION_SAMPLE}, one whose
	 * state no longer counts anything, else the one without requests the longest. Never the client just
	 * admitted, which would only come back.
	 */
	private void evictBeyondBound(Client admitted, long now) {
		this.sweeping.lock();
		try {
			while (this.clients.mappingCount() > this.maximumClients) {
				Map.Entry<String, Client> victim = null;
				State victimState = null;
				long oldest = Long.MAX_VALUE;
				boolean freed = false;
				for (int i = 0; i < EVICTION_SAMPLE && !freed; i++) {
					Map.Entry<String, Client> entry = next(true);
					if (entry == null) {
						return;
					}
					Client client = entry.getValue();
					State state = client.state();
					if (client == admitted) {
						continue;
					}
					if (state == State.RETIRED) {
						freed = this.clients.remove(entry.getKey(), client);
					}
					else if (state != State.EMPTY && state.spent(now)) {
						// No state yet is a decision in progress, most likely: left to the oldest-first rule.
						freed = retire(entry, state);
					}
					else if (client.touched() < oldest) {
						oldest = client.touched();
						victim = entry;
						victimState = state;
					}
				}
				if (!freed && victim == null) {
					// Nothing to retire but the admitted client: other threads emptied the map meanwhile.
					return;
				}
				if (!freed) {
					retire(victim, victimState);
				}
			}
		}
		finally {
			this.sweeping.unlock();
		}
	}

	/**
	 * The next client in the map, going on from the last one looked at. Guarded by {@link #sweeping}.
	 * @param mayWrap whether to start from the map's beginning again when the end is reached
	 */
	private Map.@Nullable Entry<String, Client> next(boolean mayWrap) {
		Iterator<Map.Entry<String, Client>> hand = this.hand;
		if (hand == null || !hand.hasNext()) {
			if (hand != null && !mayWrap) {
				return null;
			}
			hand = this.clients.entrySet().iterator();
			this.hand = hand;
			if (!hand.hasNext()) {
				return null;
			}
		}
		return hand.next();
	}

	/**
	 * Retires a client whose state is still the one looked at: a decision that read that state fails its
	 * compare-and-set and starts again with a new client, so no admitted request is lost.
	 */
	private boolean retire(Map.Entry<String, Client> entry, State seen) {
		Client client = entry.getValue();
		if (client.swap(seen, State.RETIRED)) {
			this.clients.remove(entry.getKey(), client);
			return true;
		}
		return false;
	}

	/**
	 * How many clients' states are held now.
	 * @return the number of clients
	 */
	long clients() {
		return this.clients.mappingCount();
	}

	/**
	 * Whether a client's state is held now.
	 * @param client the client
	 * @return whether it is
	 */
	boolean holds(String client) {
		return this.clients.containsKey(client);
	}

	private static long saturatedMicros(Duration duration) {
		try {
			return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1_000);
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	/**
	 * One client: its current state and when it last made a request.
	 */
	static final class Client {

		private static final VarHandle STATE;

		private static final VarHandle TOUCHED;

		static {
			try {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				STATE = lookup.findVarHandle(Client.class, "state", State.class);
				TOUCHED = lookup.findVarHandle(Client.class, "touched", long.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private volatile State state = State.EMPTY;

		/** A hint for sweeps, written without ordering: a late or lost write retires nothing that counts. */
		private long touched;

		Client(long now) {
			this.touched = now;
		}

		State state() {
			return this.state;
		}

		boolean swap(State expected, State next) {
			return STATE.compareAndSet(this, expected, next);
		}

		long touched() {
			return (long) TOUCHED.getOpaque(this);
		}

		/**
		 * Records a request, at most once a millisecond: on a hot client every write would take the cache
		 * line its state shares from the other cores deciding on it.
		 * @param touched the time read with the state
		 * @param now now
		 */
		void touch(long touched, long now) {
			if (now - touched >= TOUCH_MICROS) {
				TOUCHED.setOpaque(this, now);
			}
		}

	}

	/**
	 * One client's limits: per limit, a rate's TAT or a quota's period end (µs; the slot means nothing after
	 * it) and a quota's units used. Never changed once published. A client mostly has one limit, held in
	 * fields (a rate's in fewer); more are held in arrays, the keys' shared by successive states.
	 */
	abstract static sealed class State permits Tat, One, Many {

		static final State EMPTY = new Many(new LimitKey[0], new long[0]);

		/** The state of a client that is no longer in the map: never swapped for another. */
		static final State RETIRED = new Many(new LimitKey[0], new long[0]);

		abstract int size();

		abstract LimitKey key(int slot);

		abstract long until(int slot);

		abstract long used(int slot);

		int indexOf(LimitKey key) {
			for (int i = 0; i < size(); i++) {
				if (key(i) == key) {
					return i;
				}
			}
			return -1;
		}

		/**
		 * Whether this state no longer counts anything, so that it decides every request as no state does.
		 * @param now now, µs
		 * @return whether every limit's state is past
		 */
		boolean spent(long now) {
			for (int i = 0; i < size(); i++) {
				if (until(i) > now) {
					return false;
				}
			}
			return true;
		}

		/**
		 * The state after a decision that charged one limit.
		 */
		State with(LimitKey key, long until, long used, long now) {
			if (size() == 0 || (size() == 1 && key(0) == key)) {
				return one(key, until, used);
			}
			return with(new LimitKey[] { key }, new long[] { until, used }, now);
		}

		/**
		 * The state after a decision: the charged limits' new slots, plus this state's other slots that are
		 * still live (expired ones carry nothing: a past TAT is "now", an old period is zero).
		 */
		State with(LimitKey[] charged, long[] values, long now) {
			int kept = 0;
			for (int i = 0; i < size(); i++) {
				if (until(i) > now && !contains(charged, key(i))) {
					kept++;
				}
			}
			if (kept == 0) {
				if (charged.length == 1) {
					return one(charged[0], values[0], values[1]);
				}
				return new Many(sameKeys(charged) ? ((Many) this).keys : charged, values);
			}
			int size = charged.length + kept;
			LimitKey[] keys = Arrays.copyOf(charged, size);
			long[] merged = Arrays.copyOf(values, 2 * size);
			int next = charged.length;
			for (int i = 0; i < size(); i++) {
				if (until(i) > now && !contains(charged, key(i))) {
					keys[next] = key(i);
					merged[2 * next] = until(i);
					merged[2 * next + 1] = used(i);
					next++;
				}
			}
			return new Many(keys, merged);
		}

		/** One limit's state: a rate's TAT alone (a quota has counted at least one unit). */
		private static State one(LimitKey key, long until, long used) {
			return (used == 0) ? new Tat(key, until) : new One(key, until, used);
		}

		private boolean sameKeys(LimitKey[] keys) {
			if (!(this instanceof Many many) || many.keys.length != keys.length) {
				return false;
			}
			for (int i = 0; i < keys.length; i++) {
				if (many.keys[i] != keys[i]) {
					return false;
				}
			}
			return true;
		}

		private static boolean contains(LimitKey[] keys, LimitKey key) {
			for (LimitKey candidate : keys) {
				if (candidate == key) {
					return true;
				}
			}
			return false;
		}

	}

	static final class Tat extends State {

		private final LimitKey key;

		private final long tat;

		Tat(LimitKey key, long tat) {
			this.key = key;
			this.tat = tat;
		}

		@Override
		int size() {
			return 1;
		}

		@Override
		LimitKey key(int slot) {
			return this.key;
		}

		@Override
		long until(int slot) {
			return this.tat;
		}

		@Override
		long used(int slot) {
			return 0;
		}

		@Override
		int indexOf(LimitKey key) {
			return (this.key == key) ? 0 : -1;
		}

	}

	static final class One extends State {

		private final LimitKey key;

		private final long until;

		private final long used;

		One(LimitKey key, long until, long used) {
			this.key = key;
			this.until = until;
			this.used = used;
		}

		@Override
		int size() {
			return 1;
		}

		@Override
		LimitKey key(int slot) {
			return this.key;
		}

		@Override
		long until(int slot) {
			return this.until;
		}

		@Override
		long used(int slot) {
			return this.used;
		}

		@Override
		int indexOf(LimitKey key) {
			return (this.key == key) ? 0 : -1;
		}

	}

	static final class Many extends State {

		final LimitKey[] keys;

		private final long[] values;

		Many(LimitKey[] keys, long[] values) {
			this.keys = keys;
			this.values = values;
		}

		@Override
		int size() {
			return this.keys.length;
		}

		@Override
		LimitKey key(int slot) {
			return this.keys[slot];
		}

		@Override
		long until(int slot) {
			return this.values[2 * slot];
		}

		@Override
		long used(int slot) {
			return this.values[2 * slot + 1];
		}

	}

	/**
	 * A decision's statuses, built on first read from what it decided with: the charges, the state it read and
	 * its time. The same steps on the same inputs, so they say what the decision did.
	 */
	private abstract static sealed class Statuses extends Decision.DeferredStatuses permits OneStatus, ManyStatuses {

		private final List<Charge> charges;

		private final State read;

		private final long now;

		Statuses(List<Charge> charges, State read, long now) {
			this.charges = charges;
			this.read = read;
			this.now = now;
		}

		abstract LimitKey key(int index);

		@Override
		public int size() {
			return this.charges.size();
		}

		@Override
		protected LimitStatus status(int index) {
			Charge charge = this.charges.get(index);
			LimitKey key = key(index);
			int slot = this.read.indexOf(key);
			long until = (slot >= 0) ? this.read.until(slot) : 0;
			if (charge.limit().isQuota()) {
				return LimitArithmetic.quotaStatus(charge, key.periodEnd(charge.limit(), this.now), this.now, until,
						(slot >= 0) ? this.read.used(slot) : 0);
			}
			return LimitArithmetic.rateStatus(charge, key.interval(), this.now, until);
		}

	}

	private static final class OneStatus extends Statuses {

		private final LimitKey key;

		OneStatus(List<Charge> charges, State read, long now, LimitKey key) {
			super(charges, read, now);
			this.key = key;
		}

		@Override
		LimitKey key(int index) {
			return this.key;
		}

	}

	private static final class ManyStatuses extends Statuses {

		private final LimitKey[] keys;

		ManyStatuses(List<Charge> charges, State read, long now, LimitKey[] keys) {
			super(charges, read, now);
			this.keys = keys;
		}

		@Override
		LimitKey key(int index) {
			return this.keys[index];
		}

	}

}
