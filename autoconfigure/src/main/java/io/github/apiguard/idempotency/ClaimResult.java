package io.github.apiguard.idempotency;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a claim found.
 *
 * @param outcome the outcome
 * @param response the response to replay, for {@link Outcome#REPLAY} only
 * @param retryAfter for {@link Outcome#IN_FLIGHT}, how long the running request's lease still lasts;
 * otherwise zero
 */
public record ClaimResult(Outcome outcome, @Nullable StoredResponse response, Duration retryAfter) {

	public ClaimResult {
		Assert.isTrue((outcome == Outcome.REPLAY) == (response != null), "A response is given exactly for a replay");
	}

	/**
	 * The key was free (or its record expired) and now belongs to the caller.
	 * @return the result
	 */
	public static ClaimResult claimed() {
		return new ClaimResult(Outcome.CLAIMED, null, Duration.ZERO);
	}

	/**
	 * A request with the same key and fingerprint completed.
	 * @param response its response
	 * @return the result
	 */
	public static ClaimResult replay(StoredResponse response) {
		return new ClaimResult(Outcome.REPLAY, response, Duration.ZERO);
	}

	/**
	 * The key was used with a different fingerprint.
	 * @return the result
	 */
	public static ClaimResult mismatch() {
		return new ClaimResult(Outcome.MISMATCH, null, Duration.ZERO);
	}

	/**
	 * A request with the same key and fingerprint is still running.
	 * @param leaseLeft how long its lease still lasts
	 * @return the result
	 */
	public static ClaimResult inFlight(Duration leaseLeft) {
		return new ClaimResult(Outcome.IN_FLIGHT, null, leaseLeft);
	}

	/**
	 * A request with the same key and fingerprint claimed it, and its lease expired without an outcome.
	 * @return the result
	 */
	public static ClaimResult outcomeUnknown() {
		return new ClaimResult(Outcome.OUTCOME_UNKNOWN, null, Duration.ZERO);
	}

	/**
	 * A transactional request with the same key and fingerprint committed its work, and its lease expired
	 * before its response was recorded: the work is known done, so it is not run again, and there is no
	 * response to replay.
	 * @return the result
	 */
	public static ClaimResult responseLost() {
		return new ClaimResult(Outcome.RESPONSE_LOST, null, Duration.ZERO);
	}

	/**
	 * The key is free but the store holds as many claims in flight as it may, so the caller does not own it.
	 * @return the result
	 */
	public static ClaimResult capacityExceeded() {
		return new ClaimResult(Outcome.CAPACITY_EXCEEDED, null, Duration.ZERO);
	}

	/**
	 * What a claim found.
	 */
	public enum Outcome {

		/** The caller owns the key and runs the request. */
		CLAIMED,

		/** The stored response is replayed. */
		REPLAY,

		/** Same key, different request: 409 {@code idempotency_conflict}. */
		MISMATCH,

		/** Same request still running: 409 {@code idempotency_in_flight} with {@code Retry-After}. */
		IN_FLIGHT,

		/** The first request's lease expired without an outcome: 409 {@code idempotency_outcome_unknown}. */
		OUTCOME_UNKNOWN,

		/**
		 * A transactional request's work committed but its lease expired before its response was recorded: 409
		 * {@code idempotency_response_lost}; the request does not run again.
		 */
		RESPONSE_LOST,

		/**
		 * The store's bound on claims in flight is reached (the in-memory store): 503
		 * {@code idempotency_capacity_exceeded} with {@code Retry-After}; the request does not run.
		 */
		CAPACITY_EXCEEDED

	}

}
