package io.github.apiguard.ratelimit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser of RFC 9651 Structured Field Lists of Items whose bare items are Strings, Tokens or
 * Integers, following the parsing algorithms of its Section 4.2: anything a conforming client would refuse
 * fails here too, so a test that parses a header proves a client can.
 */
public final class StructuredFieldLists {

	private final String input;

	private int position;

	private StructuredFieldLists(String input) {
		this.input = input;
	}

	/**
	 * Parses a List field value.
	 * @param value the field value
	 * @return its members
	 * @throws IllegalArgumentException if the value is not a valid List of such Items
	 */
	public static List<Item> parse(String value) {
		return new StructuredFieldLists(value).list();
	}

	private List<Item> list() {
		skip(' ');
		List<Item> members = new ArrayList<>();
		while (this.position < this.input.length()) {
			members.add(item());
			skipOws();
			if (this.position >= this.input.length()) {
				break;
			}
			expect(',');
			skipOws();
			if (this.position >= this.input.length()) {
				throw fail("trailing comma");
			}
		}
		return members;
	}

	private Item item() {
		Object bare = bareItem();
		Map<String, Object> parameters = new LinkedHashMap<>();
		while (this.position < this.input.length() && this.input.charAt(this.position) == ';') {
			this.position++;
			skip(' ');
			String key = key();
			Object parameter = Boolean.TRUE;
			if (this.position < this.input.length() && this.input.charAt(this.position) == '=') {
				this.position++;
				parameter = bareItem();
			}
			parameters.put(key, parameter);
		}
		return new Item(bare, parameters);
	}

	private Object bareItem() {
		if (this.position >= this.input.length()) {
			throw fail("missing item");
		}
		char c = this.input.charAt(this.position);
		if (c == '-' || Character.isDigit(c)) {
			return integer();
		}
		if (c == '"') {
			return string();
		}
		if (c == '*' || isAlpha(c)) {
			return new Token(token());
		}
		throw fail("unexpected '" + c + "'");
	}

	private long integer() {
		int start = this.position;
		if (this.input.charAt(this.position) == '-') {
			this.position++;
		}
		int digits = 0;
		while (this.position < this.input.length() && Character.isDigit(this.input.charAt(this.position))) {
			this.position++;
			digits++;
		}
		if (digits == 0 || digits > 15) {
			throw fail("an Integer has 1 to 15 digits");
		}
		if (this.position < this.input.length() && this.input.charAt(this.position) == '.') {
			throw fail("a Decimal where an Integer was expected");
		}
		return Long.parseLong(this.input.substring(start, this.position));
	}

	private String string() {
		expect('"');
		StringBuilder string = new StringBuilder();
		while (this.position < this.input.length()) {
			char c = this.input.charAt(this.position++);
			if (c == '\\') {
				if (this.position >= this.input.length()) {
					throw fail("a String ends in an escape");
				}
				char escaped = this.input.charAt(this.position++);
				if (escaped != '"' && escaped != '\\') {
					throw fail("only \\\" and \\\\ are escapes");
				}
				string.append(escaped);
			}
			else if (c == '"') {
				return string.toString();
			}
			else if (c < 0x20 || c > 0x7E) {
				throw fail("a String holds printable ASCII only");
			}
			else {
				string.append(c);
			}
		}
		throw fail("unterminated String");
	}

	private String token() {
		int start = this.position++;
		while (this.position < this.input.length() && isTchar(this.input.charAt(this.position))) {
			this.position++;
		}
		return this.input.substring(start, this.position);
	}

	private String key() {
		int start = this.position;
		if (this.position >= this.input.length()
				|| !(isLcalpha(this.input.charAt(this.position)) || this.input.charAt(this.position) == '*')) {
			throw fail("a key starts with a lower-case letter or *");
		}
		while (this.position < this.input.length()) {
			char c = this.input.charAt(this.position);
			if (!(isLcalpha(c) || Character.isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*')) {
				break;
			}
			this.position++;
		}
		return this.input.substring(start, this.position);
	}

	private void expect(char c) {
		if (this.position >= this.input.length() || this.input.charAt(this.position) != c) {
			throw fail("expected '" + c + "'");
		}
		this.position++;
	}

	private void skip(char c) {
		while (this.position < this.input.length() && this.input.charAt(this.position) == c) {
			this.position++;
		}
	}

	private void skipOws() {
		while (this.position < this.input.length()
				&& (this.input.charAt(this.position) == ' ' || this.input.charAt(this.position) == '\t')) {
			this.position++;
		}
	}

	private IllegalArgumentException fail(String reason) {
		return new IllegalArgumentException(
				"Not a Structured Field List (" + reason + ") at " + this.position + ": " + this.input);
	}

	private static boolean isAlpha(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	private static boolean isLcalpha(char c) {
		return c >= 'a' && c <= 'z';
	}

	private static boolean isTchar(char c) {
		return isAlpha(c) || Character.isDigit(c) || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
	}

	/**
	 * A member of a List.
	 * @param value a {@link String}, {@link Token} or {@link Long}
	 * @param parameters the parameters, in order
	 */
	public record Item(Object value, Map<String, Object> parameters) {
	}

	/**
	 * A Token, told apart from a String.
	 * @param value the token
	 */
	record Token(String value) {
	}

}
