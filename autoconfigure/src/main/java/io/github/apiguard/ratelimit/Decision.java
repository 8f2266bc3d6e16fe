package io.github.apiguard.ratelimit;

import java.time.Duration;
import java.util.AbstractList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of charging a request against its limits: admitted only when every limit conforms, and then
 * every limit is consumed; otherwise none is.
 *
 * @param allowed whether the request is admitted
 * @param statuses one status per charge, in the order of the charges; empty when nothing was limited
 * (no limits, or a backend outage answered by allowing)
 */
public record Decision(boolean allowed, List<LimitStatus> statuses) {

	public Decision {
		// Deferred statuses are immutable already: kept as they are, so that they are built only if read.
		statuses = (statuses instanceof DeferredStatuses) ? statuses : List.copyOf(statuses);
	}

	/**
	 * A decision that admits a request without limiting it.
	 * @return the decision
	 */
	public static Decision unlimited() {
		return new Decision(true, List.of());
	}

	/**
	 * Evaluates the statuses of all charges: the request is admitted when every one conforms.
	 * @param statuses the statuses
	 * @return the decision
	 */
	public static Decision of(List<LimitStatus> statuses) {
		return new Decision(statuses.stream().allMatch(LimitStatus::conforming), statuses);
	}

	/**
	 * The limit clients should be told about: of a rejected request, the violated limit that clears last;
	 * of an admitted one, the limit with the fewest units left (the one that resets last among equals).
	 * @return the most restrictive limit, empty when nothing was limited
	 */
	public Optional<LimitStatus> mostRestrictive() {
		if (!this.allowed) {
			return this.statuses.stream()
				.filter((status) -> !status.conforming())
				.max(Comparator.comparing(LimitStatus::retryAfter));
		}
		return this.statuses.stream()
			.min(Comparator.comparingLong(LimitStatus::remaining)
				.thenComparing(LimitStatus::resetAt, Comparator.reverseOrder()));
	}

	/**
	 * How long a rejected client should wait: until every violated limit conforms again.
	 * @return the wait, zero for an admitted request
	 */
	public Duration retryAfter() {
		return this.statuses.stream()
			.filter((status) -> !status.conforming())
			.map(LimitStatus::retryAfter)
			.max(Comparator.naturalOrder())
			.orElse(Duration.ZERO);
	}

	/**
	 * Statuses a store builds when they are first read, from what it decided with: many callers need only
	 * {@link Decision#allowed()}, and a decision that allocates nothing it is not asked for keeps a store's
	 * hot path short. A {@link Decision} keeps such a list as it is, without copying it, so an implementation
	 * must be immutable: {@link #status(int)} must answer the same for an index every time, and depend on
	 * nothing that changes after the decision.
	 */
	public abstract static class DeferredStatuses extends AbstractList<LimitStatus> implements RandomAccess {

		private volatile LimitStatus @Nullable [] built;

		/**
		 * Builds the status of one charge; called at most once per index by the first read (or, when several
		 * threads read at once, by each of them, with equal results).
		 * @param index the charge's index
		 * @return its status
		 */
		protected abstract LimitStatus status(int index);

		@Override
		public final LimitStatus get(int index) {
			Objects.checkIndex(index, size());
			LimitStatus[] statuses = this.built;
			if (statuses == null) {
				statuses = new LimitStatus[size()];
				for (int i = 0; i < statuses.length; i++) {
					statuses[i] = status(i);
				}
				this.built = statuses;
			}
			return statuses[index];
		}

	}

}
