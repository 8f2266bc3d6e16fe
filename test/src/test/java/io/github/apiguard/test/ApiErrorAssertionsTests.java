package io.github.apiguard.test;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.errors.NotFoundException;
import io.github.apiguard.errors.TooManyRequestsException;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;

import static io.github.apiguard.test.ApiErrorAssertions.assertThat;
import static io.github.apiguard.test.ApiErrorAssertions.assertThatApiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApiErrorAssertionsTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class))
		.withUserConfiguration(BuildsController.class);

	@ParameterizedTest
	@ValueSource(strings = { "nested", "flat", "wrapped", "result", "problem" })
	void readTheCodeMessageAndDetailsOfEveryShape(String shape) {
		this.runner.withPropertyValues("apiguard.errors.envelope.shape=" + shape).run((context) -> {
			MockMvcTester mvc = MockMvcTester.from(context);
			assertThat(mvc.get().uri("/builds/nope").exchange()).hasStatus(404)
				.hasErrorCode("not_found")
				.hasMessage("Build not found.")
				.hasDetail("id", "nope");
			assertThat(mvc.get().uri("/limited").exchange()).hasStatus(429)
				.hasErrorCode("rate_limit_exceeded")
				.hasDetail("limit", 3);
		});
	}

	@Test
	void readAPromotedDetailInsideTheErrorObject() {
		this.runner.withPropertyValues("apiguard.errors.envelope.shape=wrapped",
				"apiguard.errors.envelope.promoted-details=tier", "apiguard.errors.code-style=upper-snake-case")
			.run((context) -> assertThat(MockMvcTester.from(context).get().uri("/limited").exchange())
				.hasErrorCode("RATE_LIMIT_EXCEEDED")
				.hasDetail("tier", "free"));
	}

	@Test
	void readAResponseEntityOrARawBody() {
		assertThat(ResponseEntity.status(HttpStatus.NOT_FOUND).body("{\"error\":{\"code\":\"not_found\"}}"))
			.hasStatus(404)
			.hasErrorCode("not_found");
		assertThat(ResponseEntity.status(409).body(Map.of("error", "conflict", "message", "Taken.")))
			.hasErrorCode("conflict")
			.hasMessage("Taken.");
		assertThatApiError("{\"type\":\"about:blank\",\"status\":400,\"detail\":\"Bad.\",\"code\":\"invalid_request\"}")
			.hasErrorCode("invalid_request")
			.hasMessage("Bad.");
	}

	@Test
	void aWrongCodeFailsNamingBothCodesAndTheBody() {
		this.runner.run((context) -> {
			MvcTestResult result = MockMvcTester.from(context).get().uri("/builds/nope").exchange();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(result).hasErrorCode("gone"))
				.withMessageContaining("Expected error code <gone> but was <not_found>")
				.withMessageContaining("Build not found.");
		});
	}

	@Test
	void aBodyWithoutACodeOrNotJsonFails() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThatApiError("{\"id\":\"bld_1\"}").hasErrorCode("not_found"))
			.withMessageContaining("it has no code");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThatApiError("<html>").hasErrorCode("not_found"))
			.withMessageContaining("Expected a JSON error body");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThatApiError("{\"error\":\"not_found\"}").hasStatus(404))
			.withMessageContaining("only the body is known");
	}

	@Test
	void standsBesideAssertJsOwnAssertThat() {
		assertThat("AssertJ's").startsWith("AssertJ");
		assertThatApiError("{\"error\":\"not_found\"}").hasErrorCode("not_found");
		this.runner.run((context) -> {
			MvcTestResult result = MockMvcTester.from(context).get().uri("/builds/nope").exchange();
			assertThatApiError(result).hasStatus(404).hasErrorCode("not_found");
			org.assertj.core.api.Assertions.assertThat(result).hasStatus(HttpStatus.NOT_FOUND).bodyJson()
				.extractingPath("$.error.code")
				.isEqualTo("not_found");
		});
	}

	@RestController
	static class BuildsController {

		@GetMapping("/builds/{id}")
		String build(@PathVariable String id) {
			throw new NotFoundException("Build not found.").detail("id", id);
		}

		@GetMapping("/limited")
		String limited() {
			throw new TooManyRequestsException("Slow down.").detail("limit", 3).detail("tier", "free");
		}

	}

}
