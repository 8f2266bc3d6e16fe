package io.github.apiguard.requestid;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Access to the id of the request being served, as set by {@link RequestIdFilter}.
 */
public final class RequestId {

	/** The request attribute holding the id. */
	public static final String ATTRIBUTE = RequestId.class.getName();

	/** The default header read and written: {@code X-Request-Id}. */
	public static final String DEFAULT_HEADER = "X-Request-Id";

	/** The default logging MDC key. */
	public static final String DEFAULT_MDC_KEY = "requestId";

	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:\\-]+");

	private RequestId() {
	}

	/**
	 * The id of a request.
	 * @param request the request
	 * @return the id, or {@code null} when the filter is disabled or has not run
	 */
	public static @Nullable String of(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof String id) ? id : null;
	}

	/**
	 * A fresh random id: a version 4 UUID. It correlates logs and support requests and is no secret, so it
	 * comes from {@link ThreadLocalRandom} rather than the shared {@code SecureRandom} behind
	 * {@link UUID#randomUUID()}, which every request thread would queue on.
	 * @return a UUID string
	 */
	public static String generate() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(most, least).toString();
	}

	/**
	 * Whether a client-supplied id may be echoed: at most {@code maxLength} characters of letters, digits,
	 * {@code .}, {@code _}, {@code :} and {@code -}, so that it can never inject a header or a log line.
	 * @param candidate the supplied value
	 * @param maxLength the longest accepted id
	 * @return whether it is safe to echo
	 */
	public static boolean isWellFormed(@Nullable String candidate, int maxLength) {
		return candidate != null && !candidate.isEmpty() && candidate.length() <= maxLength
				&& SAFE.matcher(candidate).matches();
	}

}
