package io.github.apiguard.idempotency.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The hashes idempotency stores instead of raw values: record keys (client scope and
 * {@code Idempotency-Key}) and request fingerprints (method, route pattern, canonical query,
 * {@code Content-Type}, body digest). Also validates keys.
 */
public final class IdempotencyKeys {

	/** The longest key accepted. */
	public static final int MAX_KEY_LENGTH = 255;

	private IdempotencyKeys() {
	}

	/**
	 * Whether a key is well-formed: 1 to 255 printable ASCII characters, none of them a double quote, a
	 * comma or a backslash (a structured-field string's quotes are stripped first).
	 * @param key the header value
	 * @return whether it may be used
	 */
	public static boolean isWellFormed(@Nullable String key) {
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
	public static @Nullable String unquote(@Nullable String key) {
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
	public static String recordKey(String scope, String key) {
		return hash(scope + "\n" + unquote(key));
	}

	/**
	 * The fingerprint of a request.
	 * @param method the HTTP method
	 * @param routePattern the matched route pattern, e.g. {@code /orders/{id}}
	 * @param query the raw query string, or {@code null}
	 * @param contentType the {@code Content-Type}, or {@code null}
	 * @param bodyDigest the SHA-256 of the body, as from {@link #digest(byte[])}
	 * @return the fingerprint
	 */
	public static String fingerprint(String method, String routePattern, @Nullable String query,
			@Nullable String contentType, String bodyDigest) {
		String type = (contentType != null) ? contentType.replace(" ", "").toLowerCase(Locale.ROOT) : "";
		return hash(String.join("\n", method, routePattern, canonicalQuery(query), type, bodyDigest));
	}

	/**
	 * The query with its parameters decoded and sorted, so that {@code b=2&a=1} and {@code a=1&b=2} agree.
	 * @param query the raw query, or {@code null}
	 * @return the canonical form
	 */
	public static String canonicalQuery(@Nullable String query) {
		if (query == null || query.isEmpty()) {
			return "";
		}
		List<String> pairs = new ArrayList<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			pairs.add(name.length() + ":" + name + "=" + value);
		}
		pairs.sort(null);
		return String.join("&", pairs);
	}

	/**
	 * The canonical digest of form parameters (sorted by name, values in order).
	 * @param parameters the parameters
	 * @return the digest
	 */
	public static String formDigest(Map<String, String[]> parameters) {
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
	public static String digest(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256().digest(bytes));
	}

	/**
	 * A fresh SHA-256 digest.
	 * @return the digest
	 */
	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	private static String hash(String text) {
		return digest(text.getBytes(StandardCharsets.UTF_8));
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
