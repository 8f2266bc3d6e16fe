package io.github.apiguard.sample;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Prefixed random ids, like {@code bld_01hx7k2m9q}.
 */
public final class Ids {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

	private Ids() {
	}

	/**
	 * A new id.
	 * @param prefix the type prefix, e.g. {@code bld}
	 * @return the id
	 */
	public static String next(String prefix) {
		StringBuilder id = new StringBuilder(prefix.toLowerCase(Locale.ROOT)).append('_');
		for (int i = 0; i < 16; i++) {
			id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
		}
		return id.toString();
	}

}
