package io.github.apiguard.idempotency.store;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.jspecify.annotations.Nullable;

/**
 * Completed records in memory, bounded by their total weight, oldest completion first out. A cache that
 * admits by frequency (Caffeine's TinyLFU) turns a record away on arrival when it is full and the record is
 * no more popular than its victim — and the record just completed is exactly the one a client that lost the
 * answer retries next, which would then run twice. Here a new record always gets in, and the records that
 * leave to make room are the oldest: the least likely to be retried. Records past their expiry leave first.
 * One lock guards the map; each operation is a hash lookup, so it is held for a few hundred nanoseconds.
 *
 * @param <R> the record type
 */
final class CompletedRecords<R> {

	private final LinkedHashMap<String, R> records = new LinkedHashMap<>();

	private final long maxWeight;

	private final ToIntFunction<R> weigher;

	private final RecordExpiry<R> expiry;

	private long weight;

	CompletedRecords(long maxWeight, ToIntFunction<R> weigher, RecordExpiry<R> expiry) {
		this.maxWeight = maxWeight;
		this.weigher = weigher;
		this.expiry = expiry;
	}

	synchronized @Nullable R get(String key) {
		return this.records.get(key);
	}

	synchronized void put(String key, R record, Instant now) {
		R previous = this.records.remove(key);
		if (previous != null) {
			this.weight -= this.weigher.applyAsInt(previous);
		}
		this.records.put(key, record);
		this.weight += this.weigher.applyAsInt(record);
		Iterator<Map.Entry<String, R>> oldestFirst = this.records.entrySet().iterator();
		while (oldestFirst.hasNext()) {
			Map.Entry<String, R> oldest = oldestFirst.next();
			boolean expired = !this.expiry.expiresAt(oldest.getValue()).isAfter(now);
			if (!expired && (this.weight <= this.maxWeight || oldest.getValue() == record)) {
				// Nothing expired at the head and the bound is kept (the newest record always stays).
				break;
			}
			this.weight -= this.weigher.applyAsInt(oldest.getValue());
			oldestFirst.remove();
		}
	}

	synchronized void remove(String key) {
		R removed = this.records.remove(key);
		if (removed != null) {
			this.weight -= this.weigher.applyAsInt(removed);
		}
	}

	synchronized long size() {
		return this.records.size();
	}

	/**
	 * When a record expires.
	 *
	 * @param <R> the record type
	 */
	@FunctionalInterface
	interface RecordExpiry<R> {

		Instant expiresAt(R record);

	}

}
