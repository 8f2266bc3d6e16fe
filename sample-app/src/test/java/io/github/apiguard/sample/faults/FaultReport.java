package io.github.apiguard.sample.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts outcomes of one scenario and prints the line {@code docs/RELIABILITY.md} quotes:
 * {@code FAULTS <scenario>: sent=... <outcome>=... duplicates=0 lost=0}.
 */
final class FaultReport {

	private final String scenario;

	private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

	private final LongAdder sent = new LongAdder();

	private final AtomicLong slowest = new AtomicLong();

	FaultReport(String scenario) {
		this.scenario = scenario;
	}

	/**
	 * Counts an answer under its outcome, prefixed ({@code POST 201}, {@code A GET 503 service_unavailable}).
	 * @param prefix what kind of request it answered
	 * @param answer the answer
	 * @return the answer
	 */
	Answer count(String prefix, Answer answer) {
		this.sent.increment();
		this.slowest.accumulateAndGet(answer.millis(), Math::max);
		this.outcomes.computeIfAbsent(prefix + " " + answer.outcome(), (key) -> new LongAdder()).increment();
		return answer;
	}

	long sent() {
		return this.sent.sum();
	}

	long count(String outcome) {
		LongAdder adder = this.outcomes.get(outcome);
		return (adder != null) ? adder.sum() : 0;
	}

	/**
	 * The outcomes, sorted by name.
	 * @return outcome → count
	 */
	Map<String, Long> outcomes() {
		Map<String, Long> sorted = new TreeMap<>();
		this.outcomes.forEach((key, value) -> sorted.put(key, value.sum()));
		return sorted;
	}

	/**
	 * Prints the summary line.
	 * @param extra figures beyond the outcomes, e.g. {@code duplicates=0 lost=0}
	 */
	void print(String extra) {
		StringBuilder line = new StringBuilder("FAULTS ").append(this.scenario).append(": sent=").append(sent());
		outcomes().forEach((outcome, count) -> line.append(", ").append(outcome).append('=').append(count));
		// Reported, never asserted: the hang detector is the client's timeout, not a speed bound.
		System.out.println(line.append(", ").append(extra).append(", slowest answer=").append(this.slowest.get()).append(" ms"));
	}

}
