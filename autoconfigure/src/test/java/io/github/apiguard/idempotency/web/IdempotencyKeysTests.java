package io.github.apiguard.idempotency.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
	void fingerprintCoversMethodPathQueryContentTypeAndBody() {
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

	@Test
	void fingerprintCoversTheConcreteResourceNotTheRoute() {
		String body = IdempotencyKeys.digest("{}".getBytes());
		assertThat(IdempotencyKeys.fingerprint("POST", "/builds/a/deploy", null, null, body))
			.isNotEqualTo(IdempotencyKeys.fingerprint("POST", "/builds/b/deploy", null, null, body));
		assertThat(IdempotencyKeys.fingerprint("POST", "/builds/b%2D1/deploy", null, null, body))
			.isEqualTo(IdempotencyKeys.fingerprint("POST", "/builds/b-1/deploy", null, null, body));
	}

	@Test
	void canonicalPathKeepsAnEncodedSlashApartFromASeparator() {
		assertThat(IdempotencyKeys.canonicalPath("/a%2Fb")).isNotEqualTo(IdempotencyKeys.canonicalPath("/a/b"));
		assertThat(IdempotencyKeys.canonicalPath("/a+b")).isNotEqualTo(IdempotencyKeys.canonicalPath("/a%20b"));
		assertThat(IdempotencyKeys.canonicalPath("/a/%ZZ")).isEqualTo("0:/1:a/3:%ZZ/");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "a=x&b=y|a=x%261:b=y", "a=x&b=y|a=x%26b%3Dy", "a=1:b|a%3D1:b",
			"a=b=c|a%3Db=c", "a&b|a%26b", "a=|a%3D", "x=1&x=2|x=1%26x%3D2", "tag=a&tag=b|tag=b&tag=a", "t=a&u=1&t=b|t=b&u=1&t=a" })
	void differentQueriesNeverShareACanonicalForm(String one, String other) {
		assertThat(IdempotencyKeys.canonicalQuery(one)).isNotEqualTo(IdempotencyKeys.canonicalQuery(other));
	}

	@Test
	void queryOfDistinctNamesKeepsTheCanonicalFormStoredFingerprintsWereMadeWith() {
		assertThat(IdempotencyKeys.canonicalQuery("b=2&ab=3&a=1")).isEqualTo("1:a=1:1&1:b=1:2&2:ab=1:3");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "a=1&b=2|b=2&a=1", "a=%7E|a=~", "q=a+b|q=a%20b", "a=|a", "a=1&&b=2|a=1&b=2", "t=a&u=1&t=b|u=1&t=a&t=b", "b=2&t=a&a=1&t=b|a=1&t=a&t=b&b=2" })
	void equivalentQueriesShareACanonicalForm(String one, String other) {
		assertThat(IdempotencyKeys.canonicalQuery(one)).isEqualTo(IdempotencyKeys.canonicalQuery(other));
	}

}
