package io.github.apiguard.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.store.StoreType;

/**
 * The checks behind {@link RateLimitProperties}: every value that would be silently ignored, never enforce a
 * limit, or overflow the stores' arithmetic fails the binding with an
 * {@link InvalidConfigurationPropertyValueException} that names the property and says what to do.
 */
final class RateLimitPropertiesValidation {

	private static final Pattern PLAIN_KEY = Pattern.compile("[a-z0-9-]+");

	private static final long MAX_SPAN_MICROS = Limit.MAX_SPAN.toSeconds() * 1_000_000L;

	private RateLimitPropertiesValidation() {
	}

	static void policy(String policyName, RateLimitProperties.Policy policy) {
		String prefix = "apiguard.rate-limit.policies." + key(policyName);
		if (policy.cost() < 1) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".cost", policy.cost(),
					"A request must cost at least 1 unit of each limit; remove the property for the default of 1.");
		}
		policy.limits().forEach((tier, limits) -> {
			Map<String, Integer> names = new HashMap<>();
			for (int i = 0; i < limits.size(); i++) {
				String limitPrefix = prefix + ".limits." + key(tier) + "[" + i + "]";
				RateLimitProperties.LimitProperties limit = limits.get(i);
				limit(limitPrefix, limit);
				Integer other = names.putIfAbsent(limit.name(), i);
				if (other != null) {
					throw new InvalidConfigurationPropertyValueException(limitPrefix + ".name", limit.name(),
							"Limit names must be unique within the tier's limits, and this is also the name of "
									+ prefix + ".limits." + key(tier) + "[" + other + "]: the name identifies a "
									+ "limit's stored state and its RateLimit-Policy item, so one of the two would "
									+ "not be enforced as configured. Rename one of them.");
				}
			}
		});
	}

	private static void limit(String prefix, RateLimitProperties.LimitProperties limit) {
		if (!StringUtils.hasText(limit.name())) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".name", limit.name(),
					"A limit needs a name: it identifies the limit's stored state and its RateLimit-Policy item.");
		}
		if (!limit.name().chars().allMatch((c) -> c >= 0x20 && c <= 0x7E)) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".name", limit.name(),
					"A limit name must be printable ASCII: it is written as a Structured Field String in the "
							+ "RateLimit-Policy and RateLimit headers and names the limit in violated-policies.");
		}
		if ((limit.period() == null) == (limit.calendar() == null)) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".period", limit.period(),
					"A limit needs exactly one of period (a rolling rate, e.g. 1m) and calendar (a quota: day or "
							+ "month); this one has " + ((limit.period() == null) ? "neither." : "both."));
		}
		if (limit.calendar() != null && limit.burst() != null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".burst", limit.burst(),
					"A burst applies to rolling rates only: a calendar quota admits its whole limit at any time in "
							+ "its period. Remove the burst, or make the limit a rate with a period.");
		}
		if (limit.period() != null && limit.zone() != null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".zone", limit.zone(),
					"A time zone applies to calendar quotas only (when a day or month starts): a rolling rate has "
							+ "no calendar. Remove the zone, or make the limit a calendar quota.");
		}
		if (limit.limit() < 1 || limit.limit() > Limit.MAX_UNITS) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".limit", limit.limit(),
					"The limit must be between 1 and " + Limit.MAX_UNITS + " requests per period.");
		}
		if (limit.burst() != null && (limit.burst() < 1 || limit.burst() > Limit.MAX_UNITS)) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".burst", limit.burst(),
					"The burst must be between 1 and " + Limit.MAX_UNITS + " requests; remove it to admit up to "
							+ "the limit at once.");
		}
		if (limit.status() != null && (limit.status() < 400 || limit.status() > 599)) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".status", limit.status(),
					"A rejection's status must be a 4xx or 5xx status, e.g. 429 or 402.");
		}
		if (limit.period() != null) {
			rate(prefix, limit, limit.period());
		}
	}

	private static void rate(String prefix, RateLimitProperties.LimitProperties limit, Duration period) {
		if (period.isNegative() || period.isZero()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".period", period,
					"The period must be positive, e.g. 1m or 1h.");
		}
		if (period.compareTo(Limit.MAX_SPAN) > 0) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".period", period,
					"A rate's period must be at most 3650 days; for longer periods use a calendar quota.");
		}
		long micros = period.toSeconds() * 1_000_000L + period.toNanosPart() / 1_000;
		if (micros < limit.limit()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".period", period,
					"A rate admits at most one request per microsecond: with a limit of " + limit.limit()
							+ " the period must be at least " + limit.limit() + " µs. Lower the limit or lengthen "
							+ "the period.");
		}
		long interval = micros / limit.limit();
		long maxBurst = MAX_SPAN_MICROS / interval;
		if (limit.burst() != null && limit.burst() > maxBurst) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".burst", limit.burst(),
					"A full burst must come back within 3650 days (burst × period / limit): with a period of "
							+ period + " and a limit of " + limit.limit() + " the burst can be at most " + maxBurst
							+ ".");
		}
	}

	/**
	 * The in-memory store drops a client's state after {@code idle-timeout} without requests: shorter than a
	 * limit's span, an idle client would come back to a fresh allowance (a new month's quota after a day away).
	 */
	static void idleTimeoutCoversEveryLimit(Duration idleTimeout, Map<String, RateLimitProperties.Policy> policies) {
		policies.forEach((policyName, policy) -> policy.limits().forEach((tier, limits) -> {
			for (int i = 0; i < limits.size(); i++) {
				RateLimitProperties.LimitProperties limit = limits.get(i);
				Duration span = span(limit);
				if (span != null && idleTimeout.compareTo(span) < 0) {
					throw new InvalidConfigurationPropertyValueException("apiguard.rate-limit.memory.idle-timeout",
							idleTimeout, "The in-memory store forgets an idle client after this long, but "
									+ "apiguard.rate-limit.policies." + key(policyName) + ".limits." + key(tier) + "[" + i
									+ "] spans " + describe(span) + ": an idle client would come back to a fresh "
									+ "allowance. Set it to at least " + describe(span) + " (the default is 32d).");
				}
			}
		}));
	}

	private static @Nullable Duration span(RateLimitProperties.LimitProperties limit) {
		if (limit.calendar() != null) {
			// The longest day has 25 hours (a daylight saving change); the longest month 31 days and one hour.
			return (limit.calendar() == CalendarPeriod.DAY) ? Duration.ofHours(25) : Duration.ofDays(31).plusHours(1);
		}
		Duration period = limit.period();
		if (period == null || limit.limit() < 1) {
			return null;
		}
		long burst = (limit.burst() != null) ? limit.burst() : limit.limit();
		// A rate's state matters until a full burst has come back: burst × period / limit.
		return (burst <= limit.limit()) ? period : period.dividedBy(limit.limit()).multipliedBy(burst);
	}

	private static String describe(Duration span) {
		if (span.toHours() == 25 && span.toMinutesPart() == 0) {
			return "a day (25h with a daylight saving change)";
		}
		if (span.equals(Duration.ofDays(31).plusHours(1))) {
			return "31 days (a month, 31d1h with a daylight saving change)";
		}
		return span.toString().substring(2).toLowerCase(Locale.ROOT);
	}

	static void memory(long maxClients, Duration idleTimeout) {
		if (maxClients < 1) {
			throw new InvalidConfigurationPropertyValueException("apiguard.rate-limit.memory.max-clients",
					maxClients, "The in-memory store must keep at least 1 client's state, or no client would "
							+ "ever be limited.");
		}
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException("apiguard.rate-limit.memory.idle-timeout",
					idleTimeout, "The idle timeout must be positive, or every client's state would be forgotten "
							+ "at once; keep it above your longest period, e.g. 32d.");
		}
	}

	static void store(StoreType store) {
		if (store == StoreType.JDBC) {
			throw new InvalidConfigurationPropertyValueException("apiguard.rate-limit.store", "jdbc",
					"Rate limits cannot be kept in a database yet. Use redis to share limits between nodes (or "
							+ "auto: redis when a RedisConnectionFactory bean exists), or memory for one node.");
		}
	}

	/**
	 * A map key as it is written in a property name: in brackets unless it is plain.
	 */
	private static String key(@Nullable String key) {
		return (key != null && PLAIN_KEY.matcher(key).matches()) ? key : "[" + key + "]";
	}

}
