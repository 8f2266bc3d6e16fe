package io.github.apiguard.store;

import org.jspecify.annotations.Nullable;

/**
 * The root of every Redis key apiguard writes, shared by both guards ({@code apiguard.redis.key-prefix}).
 * Keys are {@code <prefix>:<feature>:{<tag>}<rest>}: apiguard fixes the feature segment ({@code rl} for rate
 * limits, {@code idempotency} for idempotency records) and puts the Redis Cluster hash tag, the braces, around
 * exactly the part whose keys a script touches together (a client's limits; a record). The tag decides the
 * slot, so the prefix may not hold braces of its own, and it is written without a trailing colon: apiguard
 * adds the separators.
 *
 * @param value the prefix, e.g. {@code apiguard} or {@code myapp:apiguard}
 */
public record RedisKeyPrefix(String value) {

	/** The default prefix. */
	public static final String DEFAULT = "apiguard";

	public RedisKeyPrefix {
		String problem = problem(value);
		if (problem != null) {
			throw new IllegalArgumentException("Invalid Redis key prefix '" + value + "': " + problem);
		}
	}

	/**
	 * Why a prefix cannot be used, if it cannot.
	 * @param value the prefix
	 * @return what is wrong with it, with what to do, or {@code null} when it is usable
	 */
	public static @Nullable String problem(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return "it must not be empty; remove the property for the default " + DEFAULT + ".";
		}
		if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
			return "it must not contain '{' or '}': apiguard places the Redis Cluster hash tag itself, and braces in "
					+ "the prefix would move it (an empty pair {} would split one request's keys across slots).";
		}
		if (value.endsWith(":")) {
			return "write it without the trailing ':'; apiguard adds the separators.";
		}
		return null;
	}

	/**
	 * The start of every key of one feature, up to its hash tag.
	 * @param feature the feature segment, e.g. {@code rl}
	 * @return {@code <prefix>:<feature>:}
	 */
	public String of(String feature) {
		return this.value + ":" + feature + ":";
	}

}
