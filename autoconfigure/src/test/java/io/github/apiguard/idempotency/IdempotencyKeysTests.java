package io.github.apiguard.idempotency;

import org.junit.jupiter.api.Test;

import io.github.apiguard.idempotency.web.IdempotencyKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key validation, record keys and fingerprints.
 */
class IdempotencyKeysTests {

	@Test
	void printableAsciiUpTo255CharactersIsWellFormed() {
		assertThat(IdempotencyKeys.isWellFormed("my-pipeline-run-12345")).isTrue();
		assertThat(IdempotencyKeys.isWellFormed("8e03978e-40d5-43e8-bc93-6894a57f9324")).isTrue();
		assertThat(IdempotencyKeys.isWellFormed("k".repeat(255))).isTrue();
		assertThat(IdempotencyKeys.isWellFormed("\"quoted-sf-string\"")).isTrue();
	}

	@Test
	void emptyLongNonPrintableQuotedOrCommaSeparatedKeysAreMalformed() {
		assertThat(IdempotencyKeys.isWellFormed(null)).isFalse();
		assertThat(IdempotencyKeys.isWellFormed("")).isFalse();
		assertThat(IdempotencyKeys.isWellFormed("\"\"")).isFalse();
		assertThat(IdempotencyKeys.isWellFormed("   ")).isFalse();
		assertThat(IdempotencyKeys.isWellFormed("k".repeat(256))).isFalse();
		assertThat(IdempotencyKeys.isWellFormed("tab\there")).isFalse();
		assertThat(IdempotencyKeys.isWellFormed("nul\u0000")).isFalse();
		assertThat(IdempotencyKeys.isWellFormed("caf\u00e9")).isFalse();
		assertThat(IdempotencyKeys.isWellFormed("a\"b")).isFalse();
		assertThat(IdempotencyKeys.isWellFormed("a,b")).isFalse();
		assertThat(IdempotencyKeys.isWellFormed("a\\b")).isFalse();
	}

	@Test
	void recordKeyDependsOnTheScopeAndNeverContainsTheRawKey() {
		String a = IdempotencyKeys.recordKey("p:alice", "order-1");
		String b = IdempotencyKeys.recordKey("p:bob", "order-1");
		assertThat(a).isNotEqualTo(b).doesNotContain("order-1");
		assertThat(IdempotencyKeys.recordKey("p:alice", "\"order-1\"")).isEqualTo(a);
	}

	@Test
	void fingerprintCoversMethodRouteQueryContentTypeAndBody() {
		String body = IdempotencyKeys.digest("{}".getBytes());
		String base = IdempotencyKeys.fingerprint("POST", "/orders", "a=1&b=2", "application/json", body);
		assertThat(IdempotencyKeys.fingerprint("POST", "/orders", "b=2&a=1", "application/json", body)).isEqualTo(base);
		assertThat(IdempotencyKeys.fingerprint("POST", "/orders", "a=1&b=2", "Application/JSON", body)).isEqualTo(base);
		assertThat(IdempotencyKeys.fingerprint("PATCH", "/orders", "a=1&b=2", "application/json", body))
			.isNotEqualTo(base);
		assertThat(IdempotencyKeys.fingerprint("POST", "/payments", "a=1&b=2", "application/json", body))
			.isNotEqualTo(base);
		assertThat(IdempotencyKeys.fingerprint("POST", "/orders", "a=1&b=3", "application/json", body))
			.isNotEqualTo(base);
		assertThat(IdempotencyKeys.fingerprint("POST", "/orders", "a=1&b=2", "text/plain", body)).isNotEqualTo(base);
		assertThat(IdempotencyKeys.fingerprint("POST", "/orders", "a=1&b=2", "application/json",
				IdempotencyKeys.digest("{ }".getBytes())))
			.isNotEqualTo(base);
	}

}
