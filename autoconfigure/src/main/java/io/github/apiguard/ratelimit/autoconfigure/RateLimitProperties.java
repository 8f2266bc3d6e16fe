package io.github.apiguard.ratelimit.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.web.RateLimitHeaders;

import io.github.apiguard.store.ClockSource;
import io.github.apiguard.store.OutagePolicy;
import io.github.apiguard.store.StoreType;
import io.github.apiguard.store.autoconfigure.OutageProperties;

/**
 * Configuration of rate limits and quotas ({@code apiguard.rate-limit.*}). Values that would be silently
 * ignored, never enforce a limit or overflow the stores' arithmetic fail the binding with a message that
 * names the property (bounds: {@link io.github.apiguard.ratelimit.Limit#MAX_UNITS} and
 * {@link io.github.apiguard.ratelimit.Limit#MAX_SPAN}).
 *
 * @param enabled Whether requests are rate limited.
 * @param store Where the limits' state lives: memory (this JVM, the default), redis (shared by every node) or auto (redis when a RedisConnectionFactory bean exists, otherwise memory). jdbc is not supported yet.
 * @param zone The time zone in which daily and monthly quotas reset, unless a limit sets its own.
 * @param defaultTier The tier of clients no tier rule matches, and whose limits apply to tiers a policy has no limits for.
 * @param tiers Rules mapping clients to tiers, first match wins: by API key prefix or by principal authority.
 * @param policies Named policies: the paths they apply to and their limits per tier. Names containing characters other than letters, digits and hyphens must be written in brackets, e.g. limits.[public_key].
 * @param headers The rate-limit headers of limited responses.
 * @param details The details a rejection's body carries, in the order listed; any of limit, remaining, reset_at, retry_after, policy, limit_name and tier.
 * @param outage What rate-limited requests get while the store cannot be reached, and the circuit breaker in front of the Redis store.
 * @param memory The in-memory backend.
 * @param redis The Redis backend.
 */
@ConfigurationProperties("apiguard.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("memory") StoreType store,
		@DefaultValue("UTC") ZoneId zone, @DefaultValue("default") String defaultTier, @Nullable List<TierRule> tiers,
		@Nullable Map<String, Policy> policies, @DefaultValue Headers headers,
		@DefaultValue({ "limit", "remaining", "reset_at", "policy", "tier" }) List<String> details,
		@NestedConfigurationProperty @DefaultValue OutageProperties outage, @DefaultValue Memory memory,
		@DefaultValue Redis redis) {

	public RateLimitProperties {
		tiers = (tiers != null) ? tiers : List.of();
		policies = (policies != null) ? policies : Map.of();
		outage = outage.withDefaultPolicy(OutagePolicy.LOCAL);
		RateLimitPropertiesValidation.store(store);
		outage.validate("apiguard.rate-limit.outage");
		policies.forEach(RateLimitPropertiesValidation::policy);
		// Auto may resolve to memory, and local keeps limits in memory during an outage.
		if (store != StoreType.REDIS || outage.policy() == OutagePolicy.LOCAL) {
			RateLimitPropertiesValidation.idleTimeoutCoversEveryLimit(memory.idleTimeout(), policies);
		}
	}

	/**
	 * A rule mapping clients to a tier.
	 *
	 * @param name The tier.
	 * @param apiKeyPrefixes Prefixes of the API key the principal authenticated with (the Authentication's credentials), e.g. pk_.
	 * @param authorities Authorities of the authenticated principal, e.g. ROLE_PARTNER or SCOPE_premium.
	 */
	public record TierRule(String name, @Nullable List<String> apiKeyPrefixes, @Nullable List<String> authorities) {

		public TierRule {
			apiKeyPrefixes = (apiKeyPrefixes != null) ? apiKeyPrefixes : List.of();
			authorities = (authorities != null) ? authorities : List.of();
		}

	}

	/**
	 * A named policy.
	 *
	 * @param paths Path patterns the policy applies to, e.g. /api/**; empty for handlers annotated with @RateLimited only.
	 * @param cost The units a request matched by path consumes of each limit, at least 1.
	 * @param limits Per tier, the limits; tiers without an entry get the default tier's.
	 */
	public record Policy(@Nullable List<String> paths, @DefaultValue("1") long cost,
			@Nullable Map<String, List<LimitProperties>> limits) {

		public Policy {
			paths = (paths != null) ? paths : List.of();
			limits = (limits != null) ? limits : Map.of();
		}

	}

	/**
	 * One limit: a rolling rate (with a period) or a calendar quota (with a calendar period).
	 *
	 * @param name The name, unique within its tier's limits; it names the stored state and the IETF policy item.
	 * @param limit The number of requests per period, from 1 to 10^15.
	 * @param period The period of a rolling rate, e.g. 1m: at least one microsecond per request, at most 3650 days. A limit has exactly one of period and calendar.
	 * @param calendar The calendar period of a quota that resets at its boundary: day or month.
	 * @param burst How many requests a rolling rate admits at once; defaults to the limit. A full burst must come back within 3650 days (burst × period / limit).
	 * @param zone The time zone of a quota's calendar; defaults to apiguard.rate-limit.zone.
	 * @param code The error code when exceeded, rendered as written; defaults to the built-in rate_limit_exceeded (rates) or quota_exceeded (quotas).
	 * @param status The HTTP status when exceeded, e.g. 402 for a billing quota; defaults to the code's own (429).
	 * @param message The message when exceeded, with placeholders {limit}, {remaining}, {retry_after}, {reset_at}, {policy}, {limit_name} and {tier}; defaults to the code's message.
	 */
	public record LimitProperties(String name, long limit, @Nullable Duration period, @Nullable CalendarPeriod calendar,
			@Nullable Long burst, @Nullable ZoneId zone, @Nullable String code, @Nullable Integer status,
			@Nullable String message) {

	}

	/**
	 * The rate-limit headers.
	 *
	 * @param legacy Whether limited responses carry X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset for the most restrictive limit.
	 * @param reset How X-RateLimit-Reset is written: epoch-seconds or delta-seconds.
	 * @param ietf Whether limited responses carry the IETF draft's RateLimit and RateLimit-Policy headers.
	 * @param rejectionsOnly Whether only rejections (429 and quota statuses) carry the rate-limit headers, sparing every admitted response their formatting; clients then learn their budget when they exceed it.
	 */
	public record Headers(@DefaultValue("true") boolean legacy,
			@DefaultValue("epoch-seconds") RateLimitHeaders.ResetFormat reset, boolean ietf, boolean rejectionsOnly) {

	}

	/**
	 * The in-memory backend, also the local fallback of the Redis backend.
	 *
	 * @param maxClients How many clients' state to keep at most, at least 1; beyond it a new client retires one from a sample, preferring states that no longer count anything, else the least recently seen.
	 * @param idleTimeout After how long without requests a client's state is dropped once none of its limits still counts, positive; keep it longer than the longest period.
	 */
	public record Memory(@DefaultValue("100000") long maxClients, @DefaultValue("32d") Duration idleTimeout) {

		public Memory {
			RateLimitPropertiesValidation.memory(maxClients, idleTimeout);
		}

	}

	/**
	 * The Redis backend; what requests get while it is down is apiguard.rate-limit.outage.*.
	 *
	 * @param time Whose clock decisions use: the Redis server's (server, the default, so nodes agree) or the application's Clock bean (application).
	 */
	public record Redis(@DefaultValue("server") ClockSource time) {

	}

}
