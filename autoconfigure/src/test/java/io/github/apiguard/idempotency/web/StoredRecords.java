package io.github.apiguard.idempotency.web;

import java.nio.charset.StandardCharsets;

/**
 * What tests outside this package need of the package-private {@link IdempotencyKeys}: the record key and
 * fingerprint a request is stored under, to find its row in a store.
 */
public final class StoredRecords {

	private StoredRecords() {
	}

	public static String recordKey(String scope, String key) {
		return IdempotencyKeys.recordKey(scope, key);
	}

	public static String jsonFingerprint(String method, String path, String body) {
		return IdempotencyKeys.fingerprint(method, path, null, "application/json",
				IdempotencyKeys.digest(body.getBytes(StandardCharsets.UTF_8)));
	}

}
