package io.github.apiguard.ratelimit.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Script keys and arguments as the bytes Redis receives: numbers written as ASCII digits straight into their
 * array, with no {@code String} in between, and small ones shared.
 */
final class Arguments {

	private static final byte[][] SMALL = new byte[100][];

	static {
		for (int i = 0; i < SMALL.length; i++) {
			SMALL[i] = Long.toString(i).getBytes(StandardCharsets.US_ASCII);
		}
	}

	private Arguments() {
	}

	/**
	 * A number in decimal ASCII.
	 * @param value the number
	 * @return its digits, with a leading {@code -} when negative
	 */
	static byte[] ascii(long value) {
		if (value >= 0 && value < SMALL.length) {
			return SMALL[(int) value];
		}
		if (value == Long.MIN_VALUE) {
			return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
		}
		boolean negative = value < 0;
		long rest = negative ? -value : value;
		int digits = 1;
		for (long bound = 10; digits < 19 && rest >= bound; bound *= 10) {
			digits++;
		}
		byte[] bytes = new byte[digits + (negative ? 1 : 0)];
		for (int at = bytes.length - 1; at >= (negative ? 1 : 0); at--) {
			bytes[at] = (byte) ('0' + (rest % 10));
			rest /= 10;
		}
		if (negative) {
			bytes[0] = '-';
		}
		return bytes;
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static List<String> text(byte[][] values) {
		List<String> text = new ArrayList<>(values.length);
		for (byte[] value : values) {
			text.add(new String(value, StandardCharsets.UTF_8));
		}
		return text;
	}

}
