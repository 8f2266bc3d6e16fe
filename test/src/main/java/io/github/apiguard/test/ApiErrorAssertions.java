package io.github.apiguard.test;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Entry points of apiguard's assertions. Import them statically next to AssertJ's:
 * <pre>{@code
 * import static io.github.apiguard.test.ApiErrorAssertions.assertThat;
 * import static org.assertj.core.api.Assertions.assertThat;
 *
 * assertThat(mvc.get().uri("/v1/builds/nope")).hasStatus(404).hasErrorCode("not_found");
 * assertThat(restClient.get().uri("/v1/builds/nope").retrieve().toEntity(String.class)).hasErrorCode("not_found");
 * assertThatApiError(body).hasErrorCode("not_found").hasDetail("field", "name");
 * }</pre>
 * The error is found whatever the envelope's shape: {@code nested}, {@code flat}, {@code wrapped},
 * {@code result} or {@code problem}.
 * <p>
 * {@code assertThat(MvcTestResult)} is more specific than AssertJ's, so in a class that also asserts on
 * {@code MockMvcTester} results with AssertJ ({@code hasStatusOk()}, {@code bodyJson()}), import only
 * {@code assertThatApiError}, which takes the same arguments.
 */
public final class ApiErrorAssertions {

	private ApiErrorAssertions() {
	}

	/**
	 * Assertions on the response of a {@code MockMvcTester} exchange.
	 * @param result the result
	 * @return the assertions
	 */
	public static ApiErrorAssert assertThat(MvcTestResult result) {
		MockHttpServletResponse response = result.getResponse();
		return new ApiErrorAssert(new ApiErrorResponse(response.getStatus(),
				new String(response.getContentAsByteArray(), StandardCharsets.UTF_8)));
	}

	/**
	 * Assertions on a {@link ResponseEntity} whose body is the error: a {@code String}, {@code byte[]} or
	 * anything Jackson can write as JSON.
	 * @param entity the response
	 * @return the assertions
	 */
	public static ApiErrorAssert assertThat(ResponseEntity<?> entity) {
		return new ApiErrorAssert(new ApiErrorResponse(entity.getStatusCode().value(), text(entity.getBody())));
	}

	/**
	 * Assertions on the response of a {@code MockMvcTester} exchange, under a name that leaves AssertJ's
	 * {@code assertThat(MvcTestResult)} usable in the same class.
	 * @param result the result
	 * @return the assertions
	 */
	public static ApiErrorAssert assertThatApiError(MvcTestResult result) {
		return assertThat(result);
	}

	/**
	 * Assertions on a {@link ResponseEntity} whose body is the error, under a name of its own.
	 * @param entity the response
	 * @return the assertions
	 */
	public static ApiErrorAssert assertThatApiError(ResponseEntity<?> entity) {
		return assertThat(entity);
	}

	/**
	 * Assertions on a raw error body, when only the body is known.
	 * @param body the body
	 * @return the assertions
	 */
	public static ApiErrorAssert assertThatApiError(String body) {
		return new ApiErrorAssert(new ApiErrorResponse(null, body));
	}

	/**
	 * Assertions on a raw error body in UTF-8, when only the body is known.
	 * @param body the body
	 * @return the assertions
	 */
	public static ApiErrorAssert assertThatApiError(byte[] body) {
		return assertThatApiError(new String(body, StandardCharsets.UTF_8));
	}

	private static String text(@Nullable Object body) {
		if (body == null) {
			return "";
		}
		if (body instanceof String string) {
			return string;
		}
		if (body instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		return JsonMapper.shared().writeValueAsString(body);
	}

}
