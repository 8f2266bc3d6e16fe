package io.github.apiguard.errors;

import java.util.Locale;

/**
 * How apiguard spells its {@link BuiltInErrorCode built-in codes}. Codes of the application's own
 * catalogue are always rendered as written.
 */
public enum CodeStyle {

	/** {@code not_found}, as seeds 000, 001 and 002. */
	SNAKE_CASE,

	/** {@code NOT_FOUND}, as seeds 003 and 004. */
	UPPER_SNAKE_CASE;

	/**
	 * Spells a code written with words separated by {@code _}, {@code -} or spaces.
	 * @param code the code
	 * @return the code in this style
	 */
	public String apply(String code) {
		String words = code.trim().replace('-', '_').replace(' ', '_');
		return (this == SNAKE_CASE) ? words.toLowerCase(Locale.ROOT) : words.toUpperCase(Locale.ROOT);
	}

}
