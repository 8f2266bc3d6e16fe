package io.github.apiguard.support;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;

class ApplicationLogTests {

	@Test
	void keepsTheApplicationsRecordsWithTheirStacksAndLeavesOutTheRedisClientInfrastructures() {
		String log = """
				2026-11-29T14:52:49.100Z  INFO 1 --- [           main] i.g.a.Foo                               : started
				2026-11-29T14:52:49.325Z ERROR 1 --- [ecutorLoop-79-1] i.n.u.c.D.rejectedExecution              : Failed to submit a listener notification task. Event loop shut down?
				java.util.concurrent.RejectedExecutionException: event executor terminated
				\tat io.netty.util.concurrent.SingleThreadEventExecutor.reject(SingleThreadEventExecutor.java:1)
				2026-11-29T14:52:49.400Z ERROR 1 --- [o-auto-1-exec-1] i.g.a.e.w.ErrorLogging                   : 500 internal_error
				java.lang.IllegalStateException: boom
				\tat io.github.apiguard.Foo.bar(Foo.java:1)
				""";
		CapturedOutput output = new CapturedOutput() {

			@Override
			public String getAll() {
				return log;
			}

			@Override
			public String getOut() {
				return log;
			}

			@Override
			public String getErr() {
				return "";
			}

		};
		assertThat(ApplicationLog.records(output)).hasSize(2)
			.noneMatch((record) -> record.contains("Event loop") || record.contains("SingleThreadEventExecutor"))
			.anyMatch((record) -> record.contains(" ERROR ") && record.contains("\tat io.github.apiguard.Foo.bar"));
	}

}
