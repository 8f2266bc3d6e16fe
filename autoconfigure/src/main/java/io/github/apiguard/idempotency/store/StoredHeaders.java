package io.github.apiguard.idempotency.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form of a stored response's headers, shared by the stores that keep them as one string: a class of
 * its own so that the JDBC store never loads the Redis store's types.
 */
final class StoredHeaders {

	private StoredHeaders() {
	}

	// Headers as "name\nvalue\n" pairs: stored values never hold line breaks (they are dropped when captured).
	static String encode(Map<String, List<String>> headers) {
		StringBuilder encoded = new StringBuilder();
		headers.forEach((name, values) -> values.forEach((value) -> encoded.append(name).append('\n').append(value).append('\n')));
		return encoded.toString();
	}

	static Map<String, List<String>> decode(String encoded) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		String[] lines = encoded.split("\n", -1);
		for (int i = 0; i + 1 < lines.length; i += 2) {
			headers.computeIfAbsent(lines[i], (name) -> new ArrayList<>()).add(lines[i + 1]);
		}
		return headers;
	}

}
