package io.github.apiguard.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The one SHA-256 of apiguard: client keys, idempotency record keys and request fingerprints are hashed here,
 * so raw credentials, principal names and keys never reach a store or a log. Internal to apiguard.
 */
public final class Sha256 {

	private static final MessageDigest PROTOTYPE = create();

	private static final Base64.Encoder BASE64_URL = Base64.getUrlEncoder().withoutPadding();

	private Sha256() {
	}

	/**
	 * A fresh digest, to hash a stream of parts.
	 * @return a digest no one else holds
	 */
	public static MessageDigest newDigest() {
		// Cloning a prototype skips the provider lookup of getInstance, which showed in request profiles.
		try {
			return (MessageDigest) PROTOTYPE.clone();
		}
		catch (CloneNotSupportedException ex) {
			return create();
		}
	}

	/**
	 * The digest of bytes, Base64url without padding.
	 * @param bytes the bytes
	 * @return 43 characters
	 */
	public static String base64Url(byte[] bytes) {
		return BASE64_URL.encodeToString(newDigest().digest(bytes));
	}

	/**
	 * The digest of a text's UTF-8 bytes, Base64url without padding.
	 * @param text the text
	 * @return 43 characters
	 */
	public static String base64Url(String text) {
		return base64Url(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The first bytes of the digest of a text's UTF-8 bytes, Base64url without padding, for identifiers kept
	 * short in a store.
	 * @param text the text
	 * @param bytes how many leading bytes of the digest to keep, 1 to 32
	 * @return the truncated digest
	 */
	public static String truncatedBase64Url(String text, int bytes) {
		byte[] digest = newDigest().digest(text.getBytes(StandardCharsets.UTF_8));
		return BASE64_URL.encodeToString(Arrays.copyOf(digest, bytes));
	}

	/**
	 * The digest as Base64url without padding, of a digest fed part by part.
	 * @param digest a digest from {@link #newDigest()}
	 * @return 43 characters
	 */
	public static String base64Url(MessageDigest digest) {
		return BASE64_URL.encodeToString(digest.digest());
	}

	private static MessageDigest create() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

}
