package io.github.apiguard.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.test.system.CapturedOutput;

/**
 * The application's log records in captured output, each with the lines (a stack) that follow it, leaving out
 * those of the Redis client's own infrastructure. The test context cache closes contexts of other test classes
 * while a test runs, and Netty may then log, at ERROR and with a stack, that it could not notify a listener of
 * an event loop already shut down: that is neither the application's nor the request's doing, and a check
 * that "nothing was logged at ERROR" must not depend on when another context happens to close.
 */
public final class ApplicationLog {

	/** The start of a record in Spring Boot's console format: an ISO timestamp. */
	private static final Pattern RECORD_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");

	/** Logger names as Spring Boot abbreviates them: io.netty.… and io.lettuce.… become i.n.… and i.l.…. */
	private static final Pattern REDIS_CLIENT_LOGGER = Pattern.compile(" --- \\[[^]]*\\] (i\\.n\\.|i\\.l\\.|io\\.netty\\.|io\\.lettuce\\.)");

	private ApplicationLog() {
	}

	/**
	 * Returns the records of the captured output, each with its continuation lines, without the Redis client's.
	 * @param output the captured output
	 * @return the application's records, in order
	 */
	public static List<String> records(CapturedOutput output) {
		List<String> records = new ArrayList<>();
		StringBuilder current = null;
		for (String line : output.getAll().split("\\R")) {
			if (RECORD_START.matcher(line).find()) {
				add(records, current);
				current = new StringBuilder(line);
			}
			else if (current != null) {
				current.append('\n').append(line);
			}
			else {
				current = new StringBuilder(line);
			}
		}
		add(records, current);
		return records;
	}

	private static void add(List<String> records, StringBuilder record) {
		if (record != null && !REDIS_CLIENT_LOGGER.matcher(record).find()) {
			records.add(record.toString());
		}
	}

}
