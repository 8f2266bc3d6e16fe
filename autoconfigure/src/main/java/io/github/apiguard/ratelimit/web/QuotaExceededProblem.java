package io.github.apiguard.ratelimit.web;

import java.util.List;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.ratelimit.Decision;

/**
 * The "quota-exceeded" problem type of draft-ietf-httpapi-ratelimit-headers-11 (section "Problem Types"),
 * which the draft registers in IANA's HTTP Problem Types registry: a limit rejection rendered as RFC 9457
 * {@code application/problem+json} carries this type instead of one derived from its code, and names the
 * violated limits in the extension member {@code violated-policies}, by the identifiers the
 * {@code RateLimit-Policy} header uses ({@link RateLimitHeaders#policyNames(Decision)}).
 * <p>
 * The draft's "temporary-reduced-capacity" type is not used: a 503 while the limiter's store is unreachable
 * is no reduced quota, and keeps the {@code service_unavailable} type.
 */
public final class QuotaExceededProblem {

	/** The problem type URI. */
	public static final String TYPE = "https://iana.org/assignments/http-problem-types#quota-exceeded";

	/** The extension member: an array of the names of the policies whose quota was exceeded. */
	public static final String VIOLATED_POLICIES = "violated-policies";

	private QuotaExceededProblem() {
	}

	/**
	 * Makes an error this problem type.
	 * @param builder the error of a limit rejection
	 * @param violatedPolicies the names of the violated policies
	 * @return the builder
	 */
	public static ApiError.Builder apply(ApiError.Builder builder, List<String> violatedPolicies) {
		return builder.problemType(TYPE).problemMember(VIOLATED_POLICIES, List.copyOf(violatedPolicies));
	}

}
