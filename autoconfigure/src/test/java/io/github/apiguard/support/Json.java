package io.github.apiguard.support;

import tools.jackson.databind.json.JsonMapper;

/**
 * JSON test helpers.
 */
public final class Json {

	private static final JsonMapper MAPPER = JsonMapper.shared();

	private Json() {
	}

	/**
	 * Re-serializes JSON compactly, keeping member order, so that a seed's pretty-printed example can be
	 * compared character for character with a response body.
	 * @param json any JSON text
	 * @return the compact form
	 */
	public static String compact(String json) {
		return MAPPER.writeValueAsString(MAPPER.readTree(json));
	}

}
