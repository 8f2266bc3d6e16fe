package io.github.apiguard.idempotency;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that can only be told apart by address are warned about, loudly and once.
 */
@SpringBootTest(classes = { TestApplication.class, IdempotencyTestEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apiguard.idempotency.store=memory", "apiguard.idempotency.lease=31s" })
@ExtendWith(OutputCaptureExtension.class)
class IdempotencyClientScopeWarningTests {

	private static final String WARNING = "is scoped by client address only";

	@LocalServerPort
	int port;

	@Test
	void firstIdempotentRequestIdentifiedOnlyByAddressIsWarnedAboutOnce(CapturedOutput output) {
		IdempotencyHttp http = new IdempotencyHttp(this.port);
		http.post("/secured/orders").basic("user").key(UUID.randomUUID().toString()).json("{}").send();
		http.post("/orders").header("X-API-Key", "k").key(UUID.randomUUID().toString()).json("{}").send();
		assertThat(output).doesNotContain(WARNING);
		http.post("/orders").key(UUID.randomUUID().toString()).json("{}").send();
		http.post("/orders").key(UUID.randomUUID().toString()).json("{}").send();
		assertThat(output.toString().split(WARNING, -1)).hasSize(2);
	}

}
