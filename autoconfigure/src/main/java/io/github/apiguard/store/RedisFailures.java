package io.github.apiguard.store;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;

/**
 * Tells a Redis outage from a failure of one call. Only an outage may open the breaker and answer everyone
 * with the outage policy; a data or script error concerns the keys of one request.
 * <p>
 * An outage is a failure that any call would meet: no connection (refused, reset, closed, not yet
 * reconnected), a command timeout, or a server that refuses service whatever the keys: {@code LOADING},
 * {@code READONLY}, {@code MASTERDOWN}, {@code CLUSTERDOWN}, {@code TRYAGAIN}, {@code BUSY}, {@code MISCONF},
 * {@code NOREPLICAS}, {@code OOM}, {@code NOAUTH}, {@code WRONGPASS}, {@code NOPERM}. Everything else, above
 * all {@code WRONGTYPE} and errors raised by a script ({@code ERR Error running script ...}), is not.
 * <p>
 * The Redis stores of both guards classify with these rules: the rate limiter to decide what it reports as
 * unavailable, the circuit breaker in front of the idempotency store to decide what it counts.
 */
public final class RedisFailures {

	/**
	 * Error codes of server replies that refuse service to every call. Inside a script the code follows the
	 * script's own prefix ({@code ... @user_script:12: -READONLY You can't write ...}), hence the separators.
	 */
	private static final Pattern UNAVAILABLE_REPLY = Pattern.compile("(?:^|[\\s:-])(?:LOADING|READONLY|MASTERDOWN"
			+ "|CLUSTERDOWN|TRYAGAIN|BUSY|MISCONF|NOREPLICAS|OOM|NOAUTH|WRONGPASS|NOPERM)(?=\\s|$)");

	/**
	 * What Lettuce says, as a plain {@code RedisException}, when it has no connection to send a command on or
	 * loses the one it sent it on.
	 */
	private static final Pattern LETTUCE_NOT_CONNECTED = Pattern.compile(
			"Currently not connected|Connection closed|Connection is closed|Connection disconnected"
					+ "|Commands are not accepted until");

	private RedisFailures() {
	}

	/**
	 * Whether a failure means that Redis cannot serve anyone right now.
	 * @param failure what a call to Redis threw
	 * @return whether it is an outage rather than a failure of this call's keys
	 */
	public static boolean isOutage(Throwable failure) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
			// Spring Data Redis' translation of connection failures and command timeouts (Lettuce and Jedis).
			if (cause instanceof DataAccessResourceFailureException || cause instanceof QueryTimeoutException) {
				return true;
			}
			if (cause instanceof TimeoutException || cause instanceof SocketException
					|| cause instanceof ClosedChannelException) {
				return true;
			}
			String message = cause.getMessage();
			if (message == null) {
				continue;
			}
			String type = cause.getClass().getName();
			if (type.equals("io.lettuce.core.RedisException") && LETTUCE_NOT_CONNECTED.matcher(message).find()) {
				return true;
			}
			if (UNAVAILABLE_REPLY.matcher(message).find()) {
				return true;
			}
		}
		return false;
	}

}
