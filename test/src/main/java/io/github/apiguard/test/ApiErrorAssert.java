package io.github.apiguard.test;

import java.util.Objects;

import org.assertj.core.api.AbstractAssert;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assertions on an apiguard error response, whatever the envelope's shape. Obtain one from
 * {@link ApiErrorAssertions}.
 */
public class ApiErrorAssert extends AbstractAssert<ApiErrorAssert, ApiErrorResponse> {

	/**
	 * Creates the assertions.
	 * @param actual the response
	 */
	public ApiErrorAssert(ApiErrorResponse actual) {
		super(actual, ApiErrorAssert.class);
	}

	/**
	 * Verifies the error's code.
	 * @param code the expected code, as rendered (e.g. {@code not_found})
	 * @return {@code this}
	 */
	public ApiErrorAssert hasErrorCode(String code) {
		isNotNull();
		String actualCode = this.actual.code()
			.orElseThrow(() -> failure("%nExpected an error body with code <%s> but it has no code:%n%s", code,
					this.actual.body()));
		if (!actualCode.equals(code)) {
			failWithMessage("%nExpected error code <%s> but was <%s> in:%n%s", code, actualCode, this.actual.body());
		}
		return this;
	}

	/**
	 * Verifies the HTTP status.
	 * @param status the expected status
	 * @return {@code this}
	 */
	public ApiErrorAssert hasStatus(int status) {
		isNotNull();
		if (this.actual.status() == null) {
			failWithMessage("%nExpected status <%s> but only the body is known", status);
		}
		if (this.actual.status() != status) {
			failWithMessage("%nExpected status <%s> but was <%s> with:%n%s", status, this.actual.status(),
					this.actual.body());
		}
		return this;
	}

	/**
	 * Verifies the error's message.
	 * @param message the expected message
	 * @return {@code this}
	 */
	public ApiErrorAssert hasMessage(String message) {
		isNotNull();
		String actualMessage = this.actual.message().orElse(null);
		if (!message.equals(actualMessage)) {
			failWithMessage("%nExpected error message <%s> but was <%s> in:%n%s", message, actualMessage,
					this.actual.body());
		}
		return this;
	}

	/**
	 * Verifies a detail of the error, compared as JSON: {@code hasDetail("field", "name")},
	 * {@code hasDetail("limit", 3)}.
	 * @param name the detail's name
	 * @param value the expected value, as it would be written to JSON
	 * @return {@code this}
	 */
	public ApiErrorAssert hasDetail(String name, Object value) {
		isNotNull();
		JsonNode expected = JsonMapper.shared().valueToTree(value);
		JsonNode actualValue = this.actual.detail(name)
			.orElseThrow(() -> failure("%nExpected detail <%s> but the error has none in:%n%s", name,
					this.actual.body()));
		if (!Objects.equals(expected, actualValue) && !numericallyEqual(expected, actualValue)) {
			failWithMessage("%nExpected detail <%s> to be <%s> but was <%s> in:%n%s", name, expected,
					actualValue, this.actual.body());
		}
		return this;
	}

	private static boolean numericallyEqual(JsonNode expected, JsonNode actual) {
		return expected.isNumber() && actual.isNumber() && expected.decimalValue().compareTo(actual.decimalValue()) == 0;
	}

}
