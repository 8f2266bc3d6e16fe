package io.github.apiguard.store;

import java.util.Locale;

/**
 * Where a guard keeps its state ({@code apiguard.idempotency.store}, {@code apiguard.rate-limit.store}). The
 * type also tags the guard's store meters.
 */
public enum StoreType {

	/**
	 * Redis when the application has a {@code RedisConnectionFactory} bean, otherwise in memory. Never the
	 * database: most applications have a DataSource they did not mean for this.
	 */
	AUTO,

	/** In this JVM's memory: exact for one node. */
	MEMORY,

	/** In Redis, through the application's {@code RedisConnectionFactory}: shared by every node. */
	REDIS,

	/** In a table of the application's database (idempotency only, so far): shared by every node. */
	JDBC;

	/**
	 * The type as a metric tag value and as it is written in a property.
	 * @return e.g. {@code redis}
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
