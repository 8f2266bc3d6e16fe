package io.github.apiguard.seeds;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.errors.BadRequestException;
import io.github.apiguard.errors.ConflictException;
import io.github.apiguard.errors.ForbiddenException;
import io.github.apiguard.errors.NotFoundException;
import io.github.apiguard.errors.ServiceUnavailableException;
import io.github.apiguard.errors.TooManyRequestsException;
import io.github.apiguard.errors.UnauthorizedException;
import io.github.apiguard.errors.UnprocessableException;
import io.github.apiguard.support.TestApplication;

import static io.github.apiguard.support.ErrorAssertions.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 000 (Lathe Studio): the flat envelope {@code {"error": code, "message", "details"}}, snake_case codes.
 * Every example body of the seed is reproduced exactly from an exception thrown in a controller.
 */
@SpringBootTest(classes = { TestApplication.class, Seed000FlatEnvelopeTests.Examples.class },
		properties = { "apiguard.errors.envelope.shape=flat",
				"apiguard.errors.codes.validation-failed.code=invalid_request",
				"apiguard.errors.validation.details=first-field",
				"apiguard.errors.validation.include-constraint=false",
				"apiguard.errors.validation.message=first-violation" })
@AutoConfigureMockMvc
class Seed000FlatEnvelopeTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void missingRequiredFieldFromBeanValidation() {
		MvcTestResult result = this.mvc.post()
			.uri("/builds")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}")
			.exchange();
		assertJsonError(result, 400, """
				{"error": "invalid_request", "message": "The 'name' field is required.", "details": {"field": "name"}}""");
	}

	@Test
	void missingRequiredFieldThrownByTheController() {
		assertJsonError(this.mvc.get().uri("/examples/400").exchange(), 400, """
				{"error": "invalid_request", "message": "The 'name' field is required.", "details": {"field": "name"}}""");
	}

	@Test
	void invalidApiKey() {
		assertJsonError(this.mvc.get().uri("/examples/401").exchange(), 401, """
				{"error": "unauthorized", "message": "Invalid or expired API key. Check your Authorization header."}""");
	}

	@Test
	void missingScope() {
		assertJsonError(this.mvc.get().uri("/examples/403").exchange(), 403, """
				{"error": "forbidden", "message": "This API key does not have the 'builds:create' scope.",
				 "details": {"required_scope": "builds:create"}}""");
	}

	@Test
	void resourceNotFound() {
		assertJsonError(this.mvc.get().uri("/examples/404").exchange(), 404, """
				{"error": "not_found", "message": "Build not found."}""");
	}

	@Test
	void conflict() {
		assertJsonError(this.mvc.get().uri("/examples/409").exchange(), 409, """
				{"error": "conflict", "message": "A request with this idempotency key had a different body."}""");
	}

	@Test
	void semanticValidationError() {
		assertJsonError(this.mvc.get().uri("/examples/422").exchange(), 422, """
				{"error": "unprocessable", "message": "The specified release_id does not exist in this project.",
				 "details": {"field": "release_id", "value": "rel_01HXYZ"}}""");
	}

	@Test
	void monthlyRateLimitExceededWithItsResetHeader() {
		MvcTestResult result = this.mvc.get().uri("/examples/429").exchange();
		assertJsonError(result, 429, """
				{"error": "rate_limit_exceeded", "message": "You have exceeded your monthly API call limit.",
				 "details": {"limit": 1000, "reset_at": "2026-04-01T00:00:00Z"}}""");
		assertThat(result).headers().hasValue("X-RateLimit-Reset", "1775001600");
	}

	@Test
	void unexpectedErrorNeverShowsTheExceptionMessage() {
		MvcTestResult result = this.mvc.get().uri("/examples/500").exchange();
		assertJsonError(result, 500, """
				{"error": "internal_error", "message": "An unexpected error occurred. Please try again or contact support."}""");
		assertThat(result).bodyText().doesNotContain("hunter2");
	}

	@Test
	void plannedMaintenance() {
		assertJsonError(this.mvc.get().uri("/examples/503").exchange(), 503, """
				{"error": "service_unavailable", "message": "The service is temporarily unavailable. Please try again later."}""");
	}


	@RestController
	static class Examples {

		@PostMapping("/builds")
		void create(@Valid @RequestBody CreateBuild build) {
		}

		@GetMapping("/examples/400")
		void badRequest() {
			throw new BadRequestException("The 'name' field is required.").detail("field", "name");
		}

		@GetMapping("/examples/401")
		void unauthorized() {
			throw new UnauthorizedException("Invalid or expired API key. Check your Authorization header.");
		}

		@GetMapping("/examples/403")
		void forbidden() {
			throw new ForbiddenException("This API key does not have the 'builds:create' scope.")
				.detail("required_scope", "builds:create");
		}

		@GetMapping("/examples/404")
		void notFound() {
			throw new NotFoundException("Build not found.");
		}

		@GetMapping("/examples/409")
		void conflict() {
			throw new ConflictException("A request with this idempotency key had a different body.");
		}

		@GetMapping("/examples/422")
		void unprocessable() {
			throw new UnprocessableException("The specified release_id does not exist in this project.")
				.detail("field", "release_id")
				.detail("value", "rel_01HXYZ");
		}

		@GetMapping("/examples/429")
		void rateLimited() {
			Instant reset = Instant.parse("2026-04-01T00:00:00Z");
			throw new TooManyRequestsException("You have exceeded your monthly API call limit.")
				.detail("limit", 1000)
				.detail("reset_at", reset)
				.header("X-RateLimit-Reset", Long.toString(reset.getEpochSecond()));
		}

		@GetMapping("/examples/500")
		void unexpected() {
			throw new IllegalStateException("jdbc:postgresql://db:5432/app?password=hunter2 refused");
		}

		@GetMapping("/examples/503")
		void maintenance() {
			throw new ServiceUnavailableException();
		}

	}

	record CreateBuild(@NotBlank(message = "The 'name' field is required.") String name) {
	}

}
