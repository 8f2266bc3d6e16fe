package io.github.apiguard.sample.faults;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.apiguard.sample.SampleApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node is killed with SIGKILL while it executes an idempotent write. Retries on the surviving node are
 * answered "in flight" while the dead node's lease (2 s in the {@code faults} profile) runs out, then
 * "outcome unknown" for the rest of the record's life — the write never runs a second time.
 */
class NodeCrashTests {

	private static final String PATH = "/v1/faults/slow-builds";

	static DurableRedis redis;

	static SampleProcess victim;

	static SampleProcess survivor;

	@BeforeAll
	static void startTwoNodes() {
		redis = new DurableRedis();
		victim = SampleProcess.start("crash-victim", "seed-000,redis,faults", redis.port());
		survivor = SampleProcess.start("crash-survivor", "seed-000,redis,faults", redis.port());
		SampleProcess.awaitAll(victim, survivor);
	}

	@AfterAll
	static void stop() {
		if (victim != null) {
			victim.stop();
		}
		if (survivor != null) {
			survivor.stop();
		}
		if (redis != null) {
			redis.stop();
		}
	}

	@Test
	void aWriteInterruptedByACrashIsInFlightThenOutcomeUnknownAndNeverRunsTwice() {
		FaultReport report = new FaultReport("node-crash");
		String key = "crash-" + System.nanoTime();
		String json = "{\"name\":\"" + key + "\",\"millis\":120000}";
		CompletableFuture<Answer> original = CompletableFuture
			.supplyAsync(() -> victim.send(PATH, (r) -> r.header("Authorization", "Bearer " + SampleApi.ADMIN)
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", key)
				.timeout(Duration.ofMinutes(3))
				.POST(HttpRequest.BodyPublishers.ofString(json))));
		awaitStarted(victim, key);

		// While the victim runs the write (and renews its lease), a retry elsewhere is "in flight".
		Answer whileRunning = report.count("retry before kill", survivor.post(PATH, SampleApi.ADMIN, key, json));
		assertThat(whileRunning.outcome()).isEqualTo("409 idempotency_in_flight");
		assertThat(whileRunning.header("Retry-After")).isPresent();

		victim.kill();
		assertThat(original.join().status()).as("the killed node never answered").isNegative();

		// Bounded poll: "in flight" until the lease runs out, then "outcome unknown"; never a second execution.
		List<String> afterKill = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			Answer retry = report.count("retry after kill", survivor.post(PATH, SampleApi.ADMIN, key, json));
			afterKill.add(retry.outcome());
			if (retry.outcome().equals("409 idempotency_outcome_unknown")) {
				break;
			}
			SampleProcess.sleep(Duration.ofMillis(200));
		}
		// For the rest of the record's life: still unknown, on a different key's body a conflict, never a rerun.
		SampleProcess.sleep(Duration.ofSeconds(3));
		Answer later = report.count("retry after lease", survivor.post(PATH, SampleApi.ADMIN, key, json));
		Answer otherBody = report.count("other body after lease", survivor.post(PATH, SampleApi.ADMIN, key,
				"{\"name\":\"other\",\"millis\":0}"));
		List<String> executedBySurvivor = started(survivor);
		report.print("duplicates=" + executedBySurvivor.size() + ", lost=0 (outcome unknown is answered, not a rerun)");

		assertThat(afterKill).isNotEmpty().last().isEqualTo("409 idempotency_outcome_unknown");
		assertThat(afterKill).isSubsetOf("409 idempotency_in_flight", "409 idempotency_outcome_unknown");
		assertThat(afterKill.indexOf("409 idempotency_outcome_unknown")).isEqualTo(afterKill.size() - 1);
		assertThat(later.outcome()).isEqualTo("409 idempotency_outcome_unknown");
		assertThat(otherBody.outcome()).isEqualTo("409 conflict");
		assertThat(executedBySurvivor).isEmpty();
	}

	private static void awaitStarted(SampleProcess node, String name) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			if (started(node).contains(name)) {
				return;
			}
			SampleProcess.sleep(Duration.ofMillis(100));
		}
		throw new AssertionError(node.name() + " never started " + name);
	}

	private static List<String> started(SampleProcess node) {
		Answer answer = node.get(PATH, SampleApi.ADMIN);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		answer.json().path("started").forEach((name) -> names.add(name.asString()));
		return names;
	}

}
