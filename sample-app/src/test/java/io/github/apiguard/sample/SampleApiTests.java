package io.github.apiguard.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.github.apiguard.sample.builds.BuildStore;
import io.github.apiguard.support.MutableClock;

import static io.github.apiguard.sample.SampleApi.ADMIN;
import static io.github.apiguard.sample.SampleApi.PUBLIC;
import static io.github.apiguard.sample.SampleApi.READONLY;
import static io.github.apiguard.sample.SampleApi.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample API over a real port with its default profile, seed 000: every error the seed documents,
 * answered exactly as documented, from a real application.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApiTests {

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	BuildStore builds;

	SampleApi api;

	@AfterEach
	void switchFaultsOff() {
		api().post("/v1/admin/maintenance", ADMIN, "{\"enabled\": false}");
		api().post("/v1/admin/faults", ADMIN, "{\"storage\": false}");
	}

	@Test
	void noKeyIs401WithSeed000sMessageAndAChallenge() {
		HttpResponse<String> response = api().get("/v1/builds", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(response.body())
			.isEqualTo("{\"error\":\"unauthorized\",\"message\":\"Invalid or expired API key. Check your Authorization header.\"}");
	}

	@Test
	void aNameWithControlCharactersIs400WithTheSamplesOwnMessage() {
		HttpResponse<String> response = api().post("/v1/builds", ADMIN, "{\"name\": \"build\\u0000one\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("The 'name' field must not contain control characters.");
	}

	@Test
	void aNumberWhereTheNameIsAStringIs400InsteadOfABuildNamed123() {
		HttpResponse<String> response = api().post("/v1/builds", ADMIN, "{\"name\": 123}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("name");
	}

	@Test
	void unknownKeyIs401() {
		assertThat(api().get("/v1/builds", "pt_live_nope").statusCode()).isEqualTo(401);
	}

	@Test
	void theTierIsThatOfTheKeyThatAuthenticated() {
		assertThat(api().get("/v1/builds", PUBLIC).headers().firstValue("X-RateLimit-Limit")).hasValue("60");
		assertThat(api().get("/v1/builds", READONLY).headers().firstValue("X-RateLimit-Limit")).hasValue("600");
		// A public key cannot claim a secret key's tier by presenting one in another header.
		HttpResponse<String> claimed = api().send("/v1/builds",
				(request) -> request.header("Authorization", "Bearer " + PUBLIC).header("X-API-Key", "sk_live_claimed"));
		assertThat(claimed.headers().firstValue("X-RateLimit-Limit")).hasValue("60");
	}

	@Test
	void missingScopeIs403WithTheRequiredScope() {
		HttpResponse<String> response = api().post("/v1/builds", READONLY, "{\"name\": \"nightly\"}");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).isEqualTo("{\"error\":\"forbidden\",\"message\":\"This API key does not have the "
				+ "'builds:create' scope.\",\"details\":{\"required_scope\":\"builds:create\"}}");
	}

	@Test
	void missingNameIs400WithTheField() {
		HttpResponse<String> response = api().post("/v1/builds", ADMIN, "{}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo(
				"{\"error\":\"invalid_request\",\"message\":\"The 'name' field is required.\",\"details\":{\"field\":\"name\"}}");
	}

	@Test
	void unknownReleaseIs422WithFieldAndValue() {
		HttpResponse<String> response = api().post("/v1/builds", ADMIN,
				"{\"name\": \"nightly\", \"release_id\": \"rel_01HXYZ\"}");
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.body()).isEqualTo("{\"error\":\"unprocessable\",\"message\":\"The specified release_id does "
				+ "not exist in this project.\",\"details\":{\"field\":\"release_id\",\"value\":\"rel_01HXYZ\"}}");
	}

	@Test
	void unknownBuildIs404AndAnotherClientsBuildLooksTheSame() {
		String location = api().post("/v1/builds", ADMIN, "{\"name\": \"mine\"}").headers().firstValue("Location").orElseThrow();
		assertThat(api().get(location, ADMIN).statusCode()).isEqualTo(200);
		HttpResponse<String> other = api().get(location, SECOND);
		assertThat(other.statusCode()).isEqualTo(404);
		assertThat(other.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"Build not found.\"}");
		assertThat(api().get("/v1/builds/bld_unknown", PUBLIC).body()).isEqualTo(other.body());
	}

	@Test
	void buildsWithAReleaseAndListsArePerClient() {
		String release = api().post("/v1/releases", ADMIN, "{\"version\": \"1.2.0\"}").body();
		String releaseId = release.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
		HttpResponse<String> created = api().post("/v1/builds", SECOND,
				"{\"name\": \"rc\", \"release_id\": \"" + releaseId + "\"}");
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.body()).contains("\"release_id\":\"" + releaseId + "\"", "\"status\":\"processing\"");
		assertThat(api().get("/v1/builds", SECOND).body()).startsWith("{\"data\":[").contains("\"name\":\"rc\"");
		assertThat(api().get("/v1/builds", READONLY).body()).isEqualTo("{\"data\":[]}");
	}

	@Test
	void deployingAProcessingBuildIsARetryable409ThenSucceeds() {
		String location = api().post("/v1/builds", ADMIN, "{\"name\": \"slow\"}").headers().firstValue("Location").orElseThrow();
		HttpResponse<String> early = api().post(location + "/deployments", ADMIN, "{}");
		assertThat(early.statusCode()).isEqualTo(409);
		assertThat(early.headers().firstValue("Retry-After")).hasValue("3");
		assertThat(early.body()).startsWith("{\"error\":\"build_not_ready\",\"message\":\"The build is still processing.");
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(api().post(location + "/deployments", ADMIN, "{}").statusCode()).isEqualTo(201);
	}

	@Test
	void aRetriedCreateWithTheSameKeyIsReplayedNotRepeated() {
		int before = this.builds.count();
		HttpResponse<String> first = api().postWithKey("/v1/builds", ADMIN, "pipeline-run-12345", "{\"name\": \"nightly\"}");
		HttpResponse<String> retry = api().postWithKey("/v1/builds", ADMIN, "pipeline-run-12345", "{\"name\": \"nightly\"}");
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(this.builds.count()).isEqualTo(before + 1);
	}

	@Test
	void reusingAKeyWithADifferentBodyIs409Conflict() {
		api().postWithKey("/v1/builds", ADMIN, "reused-key", "{\"name\": \"one\"}");
		HttpResponse<String> reused = api().postWithKey("/v1/builds", ADMIN, "reused-key", "{\"name\": \"two\"}");
		assertThat(reused.statusCode()).isEqualTo(409);
		assertThat(reused.body()).isEqualTo("{\"error\":\"conflict\",\"message\":\"This Idempotency-Key was already "
				+ "used with a different request body.\"}");
	}

	@Test
	void anotherClientUsingTheSameKeyGetsItsOwnBuild() {
		HttpResponse<String> mine = api().postWithKey("/v1/builds", ADMIN, "shared-key", "{\"name\": \"same\"}");
		HttpResponse<String> theirs = api().postWithKey("/v1/builds", SECOND, "shared-key", "{\"name\": \"same\"}");
		assertThat(theirs.statusCode()).isEqualTo(201);
		assertThat(theirs.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(theirs.headers().firstValue("Location")).isNotEqualTo(mine.headers().firstValue("Location"));
	}

	@Test
	void aNotReadyDeploymentRetriedWithTheSameKeyRunsAgainOnceReady() {
		String location = api().post("/v1/builds", ADMIN, "{\"name\": \"slow\"}").headers().firstValue("Location").orElseThrow();
		HttpResponse<String> early = api().postWithKey(location + "/deployments", ADMIN, "deploy-1", "{}");
		assertThat(early.statusCode()).isEqualTo(409);
		this.clock.advance(Duration.ofSeconds(3));
		HttpResponse<String> ready = api().postWithKey(location + "/deployments", ADMIN, "deploy-1", "{}");
		assertThat(ready.statusCode()).isEqualTo(201);
		HttpResponse<String> replay = api().postWithKey(location + "/deployments", ADMIN, "deploy-1", "{}");
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.body()).isEqualTo(ready.body());
	}

	@Test
	void maintenanceAnswers503WithRetryAfterOnEveryOtherCall() {
		assertThat(api().post("/v1/admin/maintenance", ADMIN, "{\"enabled\": true}").statusCode()).isEqualTo(200);
		HttpResponse<String> response = api().get("/v1/builds", SECOND);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("300");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body())
			.isEqualTo("{\"error\":\"service_unavailable\",\"message\":\"The API is down for planned maintenance.\"}");
	}

	@Test
	void aStorageFailureIs500AndNeverRevealsTheConnectionString() {
		api().post("/v1/admin/faults", ADMIN, "{\"storage\": true}");
		HttpResponse<String> response = api().get("/v1/builds", ADMIN);
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).isEqualTo(
				"{\"error\":\"internal_error\",\"message\":\"An unexpected error occurred. Please try again or contact support.\"}");
		assertThat(response.body()).doesNotContain("s3cr3t", "jdbc", "postgresql");
	}

	private SampleApi api() {
		if (this.api == null) {
			this.api = new SampleApi(this.port);
		}
		return this.api;
	}

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock(Instant.parse("2026-03-15T12:00:00Z"));
		}

	}

}
