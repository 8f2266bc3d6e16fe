package io.github.apiguard.support;

import java.util.stream.Collectors;

/**
 * Captured output without what other tests' applications write while they close: when the test context cache
 * evicts an application, its Lettuce client shuts down on Netty's threads and may log a rejected listener
 * notification (ERROR, with Netty's stack) in the middle of whichever test runs then.
 */
public final class CapturedLogs {

	private CapturedLogs() {
	}

	/**
	 * The output without Netty's shutdown noise.
	 * @param output the captured output
	 * @return the other lines
	 */
	public static String withoutClosingClients(String output) {
		return output.lines()
			.filter((line) -> !line.contains("i.n.u.c.D.rejectedExecution") && !line.startsWith("\tat io.netty.")
					&& !line.startsWith("java.util.concurrent.RejectedExecutionException: event executor terminated"))
			.collect(Collectors.joining("\n"));
	}

}
