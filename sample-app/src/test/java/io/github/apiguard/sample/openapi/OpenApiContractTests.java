package io.github.apiguard.sample.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.github.apiguard.sample.SampleApi;
import io.github.apiguard.sample.openapi.OpenApiContract.Exchange;
import io.github.apiguard.support.MutableClock;

import static io.github.apiguard.sample.SampleApi.ADMIN;
import static io.github.apiguard.sample.SampleApi.PUBLIC;
import static io.github.apiguard.sample.SampleApi.READONLY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document at {@code /v3/api-docs} tells the truth: every response of an end-to-end corpus (successes
 * and every error the sample can answer) is validated against it, status, headers and body, with the
 * Atlassian OpenAPI validator. Subclasses run the same corpus under other profiles (other shapes, codes and
 * statuses).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OpenApiContractTests {

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	/**
	 * The statuses the corpus must have produced, so that it cannot silently stop exercising one.
	 * @return the statuses
	 */
	Set<Integer> expectedStatuses() {
		return Set.of(200, 201, 400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 429, 500, 503);
	}

	@Test
	void everyResponseOfTheCorpusIsDocumented() {
		SampleApi api = new SampleApi(this.port);
		String document = api.get("/v3/api-docs", null).body();
		keep(document);
		OpenApiContract contract = new OpenApiContract(document);
		List<Exchange> exchanges = corpus(api);
		Set<Integer> statuses = new TreeSet<>();
		exchanges.forEach((exchange) -> statuses.add(exchange.response().statusCode()));
		assertThat(statuses).containsAll(expectedStatuses());
		assertThat(contract.violations(exchanges)).isEmpty();
	}

	/** Keeps the document beside the reports, to read when the test fails. */
	private void keep(String document) {
		try {
			Path file = Path.of("target", "openapi", getClass().getSimpleName() + ".json");
			Files.createDirectories(file.getParent());
			Files.writeString(file, document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<Exchange> corpus(SampleApi api) {
		Corpus corpus = new Corpus(api);
		corpus.send("no key", "/v1/builds", "/v1/builds", (r) -> r.GET());
		corpus.send("unknown key", "/v1/builds", "/v1/builds", (r) -> auth(r, "pt_live_nope").GET());
		corpus.send("list", "/v1/builds", "/v1/builds", (r) -> auth(r, ADMIN).GET());
		corpus.send("missing scope", "/v1/builds", "/v1/builds", (r) -> json(auth(r, READONLY), "{\"name\": \"x\"}"));
		corpus.send("missing name", "/v1/builds", "/v1/builds", (r) -> json(auth(r, ADMIN), "{}"));
		corpus.send("wrong type", "/v1/builds", "/v1/builds", (r) -> json(auth(r, ADMIN), "{\"name\": 123}"));
		corpus.send("malformed JSON", "/v1/builds", "/v1/builds", (r) -> json(auth(r, ADMIN), "{\"name\": "));
		corpus.send("unknown release", "/v1/builds", "/v1/builds",
				(r) -> json(auth(r, ADMIN), "{\"name\": \"n\", \"release_id\": \"rel_nope\"}"));
		corpus.send("text body", "/v1/builds", "/v1/builds", (r) -> auth(r, ADMIN).header("Content-Type", "text/plain")
			.header("Idempotency-Key", "corpus-text")
			.POST(BodyPublishers.ofString("name")));
		corpus.send("XML wanted", "/v1/builds", "/v1/builds", (r) -> auth(r, ADMIN).header("Accept", "application/xml").GET());
		corpus.send("method not mapped", "/v1/builds", "/v1/builds", (r) -> auth(r, ADMIN).DELETE());
		corpus.send("malformed key", "/v1/builds", "/v1/builds",
				(r) -> json(auth(r, ADMIN).header("Idempotency-Key", "x".repeat(300)), "{\"name\": \"k\"}"));
		corpus.send("body too large", "/v1/builds", "/v1/builds", (r) -> json(
				auth(r, ADMIN).header("Idempotency-Key", "corpus-large"), "{\"name\": \"" + "a".repeat(1_100_000) + "\"}"));
		Exchange created = corpus.send("create", "/v1/builds", "/v1/builds",
				(r) -> json(auth(r, ADMIN).header("Idempotency-Key", "corpus-1"), "{\"name\": \"nightly\"}"));
		corpus.send("replay", "/v1/builds", "/v1/builds",
				(r) -> json(auth(r, ADMIN).header("Idempotency-Key", "corpus-1"), "{\"name\": \"nightly\"}"));
		corpus.send("key reused", "/v1/builds", "/v1/builds",
				(r) -> json(auth(r, ADMIN).header("Idempotency-Key", "corpus-1"), "{\"name\": \"other\"}"));
		String build = created.response().headers().firstValue("Location").orElse("/v1/builds/bld_none");
		corpus.send("get", build, "/v1/builds/{id}", (r) -> auth(r, ADMIN).GET());
		corpus.send("unknown build", "/v1/builds/bld_nope", "/v1/builds/{id}", (r) -> auth(r, ADMIN).GET());
		corpus.send("not ready", build + "/deployments", "/v1/builds/{id}/deployments",
				(r) -> json(auth(r, ADMIN).header("Idempotency-Key", "corpus-deploy"), "{}"));
		this.clock.advance(Duration.ofSeconds(3));
		corpus.send("deploy", build + "/deployments", "/v1/builds/{id}/deployments",
				(r) -> json(auth(r, ADMIN).header("Idempotency-Key", "corpus-deploy"), "{}"));
		corpus.send("deploy unknown", "/v1/builds/bld_nope/deployments", "/v1/builds/{id}/deployments",
				(r) -> json(auth(r, ADMIN), "{}"));
		Exchange release = corpus.send("create release", "/v1/releases", "/v1/releases",
				(r) -> json(auth(r, ADMIN), "{\"version\": \"1.0.0\"}"));
		corpus.send("release without version", "/v1/releases", "/v1/releases", (r) -> json(auth(r, ADMIN), "{}"));
		corpus.send("get release", release.response().headers().firstValue("Location").orElse("/v1/releases/rel_none"),
				"/v1/releases/{id}", (r) -> auth(r, ADMIN).GET());
		corpus.send("unknown release id", "/v1/releases/rel_nope", "/v1/releases/{id}", (r) -> auth(r, ADMIN).GET());
		corpus.send("maintenance on", "/v1/admin/maintenance", "/v1/admin/maintenance",
				(r) -> json(auth(r, ADMIN), "{\"enabled\": true}"));
		corpus.send("in maintenance", "/v1/builds", "/v1/builds", (r) -> auth(r, ADMIN).GET());
		corpus.send("maintenance off", "/v1/admin/maintenance", "/v1/admin/maintenance",
				(r) -> json(auth(r, ADMIN), "{\"enabled\": false}"));
		corpus.send("maintenance without body", "/v1/admin/maintenance", "/v1/admin/maintenance",
				(r) -> json(auth(r, ADMIN), "{}"));
		corpus.send("storage failing", "/v1/admin/faults", "/v1/admin/faults",
				(r) -> json(auth(r, ADMIN), "{\"storage\": true}"));
		corpus.send("storage fault", "/v1/builds", "/v1/builds", (r) -> auth(r, ADMIN).GET());
		corpus.send("storage repaired", "/v1/admin/faults", "/v1/admin/faults",
				(r) -> json(auth(r, ADMIN), "{\"storage\": false}"));
		// A public key's limit is the lowest: call until it is refused (a mutable clock: no window can roll over).
		for (int i = 0; i < 100; i++) {
			Exchange limited = corpus.send("limited", "/v1/builds", "/v1/builds", (r) -> auth(r, PUBLIC).GET());
			if (limited.response().statusCode() != 200) {
				break;
			}
			if (i > 0) {
				corpus.exchanges.remove(limited);
			}
		}
		return corpus.exchanges;
	}

	private static HttpRequest.Builder auth(HttpRequest.Builder request, String key) {
		return request.header("Authorization", "Bearer " + key);
	}

	private static HttpRequest.Builder json(HttpRequest.Builder request, String body) {
		return request.header("Content-Type", "application/json").POST(BodyPublishers.ofString(body));
	}

	private static final class Corpus {

		private final SampleApi api;

		private final List<Exchange> exchanges = new ArrayList<>();

		Corpus(SampleApi api) {
			this.api = api;
		}

		Exchange send(String name, String path, String template, UnaryOperator<HttpRequest.Builder> request) {
			HttpResponse<String> response = this.api.send(path, request);
			Exchange exchange = new Exchange(name, response.request().method(), path, template, response);
			this.exchanges.add(exchange);
			return exchange;
		}

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
