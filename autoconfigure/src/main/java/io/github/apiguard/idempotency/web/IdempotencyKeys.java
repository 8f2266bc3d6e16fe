package io.github.apiguard.idempotency.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.web.util.UriUtils;

import io.github.apiguard.hash.Sha256;

/**
 * The hashes idempotency stores instead of raw values: record keys (client scope and
 * {@code Idempotency-Key}) and request fingerprints (method, canonical path and query,
 * {@code Content-Type}, body digest). Also validates keys.
 */
final class IdempotencyKeys {

	/** The longest key accepted. */
	static final int MAX_KEY_LENGTH = 255;

	private IdempotencyKeys() {
	}

	/**
	 * Whether a key is well-formed: 1 to 255 printable ASCII characters, none of them a double quote, a
	 * comma or a backslash (a structured-field string's quotes are stripped first).
	 * @param key the header value
	 * @return whether it may be used
	 */
	static boolean isWellFormed(@Nullable String key) {
		String value = unquote(key);
		if (value == null || value.isEmpty() || value.length() > MAX_KEY_LENGTH) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e || c == '"' || c == ',' || c == '\\') {
				return false;
			}
		}
		return !value.isBlank();
	}

	/**
	 * The key as the client meant it: the IETF draft sends an RFC 8941 string ({@code "abc"}), others send
	 * a bare token ({@code abc}); both name the same key.
	 * @param key the header value
	 * @return the key without surrounding quotes
	 */
	static @Nullable String unquote(@Nullable String key) {
		if (key != null && key.length() >= 2 && key.charAt(0) == '"' && key.charAt(key.length() - 1) == '"') {
			return key.substring(1, key.length() - 1);
		}
		return key;
	}

	/**
	 * The record key: a hash of the client's scope and the key, so a store never holds raw keys and two
	 * clients using the same key never share a record.
	 * @param scope the client's scope
	 * @param key the well-formed key
	 * @return the record key
	 */
	static String recordKey(String scope, String key) {
		return hash(scope + "\n" + unquote(key));
	}

	/**
	 * The fingerprint of a request: what it does and to which resource. The concrete target is part of it —
	 * not the route pattern — so a key reused to deploy build B after build A is a mismatch, never A's replay.
	 * @param method the HTTP method
	 * @param path the request's path as sent (percent-encoded), e.g. {@code /builds/b-42/deployments}
	 * @param query the raw query string, or {@code null}
	 * @param contentType the {@code Content-Type}, or {@code null}
	 * @param bodyDigest the SHA-256 of the body, as from {@link #digest(byte[])}
	 * @return the fingerprint
	 */
	static String fingerprint(String method, String path, @Nullable String query,
			@Nullable String contentType, String bodyDigest) {
		String type = (contentType != null) ? contentType.replace(" ", "").toLowerCase(Locale.ROOT) : "";
		return hash(String.join("\n", method, canonicalPath(path), canonicalQuery(query), type, bodyDigest));
	}

	/**
	 * The path with each segment decoded and length-prefixed, so that {@code /builds/b%2D1} and
	 * {@code /builds/b-1} agree while {@code /a%2Fb} and {@code /a/b} (an encoded slash is data, not a
	 * separator) do not.
	 * @param path the path as sent
	 * @return the canonical form
	 */
	static String canonicalPath(String path) {
		StringBuilder canonical = new StringBuilder(path.length() + 16);
		for (String segment : path.split("/", -1)) {
			appendPrefixed(canonical, decodePathSegment(segment)).append('/');
		}
		return canonical.toString();
	}

	/**
	 * The query with its parameters decoded and sorted by name, so that {@code b=2&a=1} and {@code a=1&b=2}
	 * agree, while a repeated name's values keep the order sent ({@code tag=a&tag=b} is not
	 * {@code tag=b&tag=a}).
	 * Every name and value is length-prefixed, so no two different queries share a canonical form (an
	 * encoded {@code &} or {@code =} inside a value can never pass for a separator).
	 * @param query the raw query, or {@code null}
	 * @return the canonical form
	 */
	static String canonicalQuery(@Nullable String query) {
		if (query == null || query.isEmpty()) {
			return "";
		}
		List<String[]> pairs = new ArrayList<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			StringBuilder canonical = appendPrefixed(new StringBuilder(name.length() + value.length() + 8), name)
				.append('=');
			String prefixedName = canonical.toString();
			pairs.add(new String[] { prefixedName, appendPrefixed(canonical, value).toString() });
		}
		// A stable sort by name only: ?tag=a&tag=b and ?tag=b&tag=a bind different lists, so each name's
		// values keep the order sent. Ordering by the prefixed name orders distinct names exactly as the
		// former sort of whole pairs did, so fingerprints of queries without repeated names are unchanged.
		pairs.sort(Comparator.comparing((String[] pair) -> pair[0]));
		StringJoiner joined = new StringJoiner("&");
		pairs.forEach((pair) -> joined.add(pair[1]));
		return joined.toString();
	}

	private static StringBuilder appendPrefixed(StringBuilder builder, String text) {
		return builder.append(text.length()).append(':').append(text);
	}

	/**
	 * The canonical digest of form parameters (sorted by name, values in order).
	 * @param parameters the parameters
	 * @return the digest
	 */
	static String formDigest(Map<String, String[]> parameters) {
		StringBuilder canonical = new StringBuilder();
		new TreeMap<>(parameters).forEach((name, values) -> {
			for (String value : values) {
				canonical.append(name.length()).append(':').append(name).append('=').append(value.length()).append(':')
					.append(value).append('&');
			}
		});
		return digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The SHA-256 of bytes, Base64url.
	 * @param bytes the bytes
	 * @return the digest
	 */
	static String digest(byte[] bytes) {
		return Sha256.base64Url(bytes);
	}

	private static String hash(String text) {
		return Sha256.base64Url(text);
	}

	private static String decodePathSegment(String segment) {
		if (segment.indexOf('%') < 0) {
			return segment;
		}
		try {
			// Percent-decoding only: a '+' in a path is a plus sign, not a space as in a query.
			return UriUtils.decode(segment, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return segment;
		}
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

}
