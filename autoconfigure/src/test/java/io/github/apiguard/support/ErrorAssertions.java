package io.github.apiguard.support;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions on rendered errors.
 */
public final class ErrorAssertions {

	private ErrorAssertions() {
	}

	/**
	 * Asserts a JSON error answer character for character: status, {@code application/json} and the body,
	 * compared with the compact form of {@code expected} (member order included).
	 * @param result the answer
	 * @param status the expected status
	 * @param expected the expected body, in any JSON formatting
	 */
	public static void assertJsonError(MvcTestResult result, int status, String expected) {
		assertThat(result).hasStatus(status);
		assertThat(result).hasContentType(MediaType.APPLICATION_JSON);
		assertThat(result).bodyText().isEqualTo(Json.compact(expected));
	}

}
