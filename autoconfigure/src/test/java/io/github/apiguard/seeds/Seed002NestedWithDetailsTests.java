package io.github.apiguard.seeds;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
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

import io.github.apiguard.errors.ApiException;
import io.github.apiguard.errors.BadGatewayException;
import io.github.apiguard.errors.ConflictException;
import io.github.apiguard.errors.ErrorCode;
import io.github.apiguard.errors.ErrorSpec;
import io.github.apiguard.errors.PayloadTooLargeException;
import io.github.apiguard.errors.PaymentRequiredException;
import io.github.apiguard.errors.TooManyRequestsException;
import io.github.apiguard.support.TestApplication;

import static io.github.apiguard.support.ErrorAssertions.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 002: {@code {"error": {"code", "message", "details"}}}, snake_case and many specific codes;
 * validation answers 422 {@code validation_failed} with field details.
 */
@SpringBootTest(classes = { TestApplication.class, Seed002NestedWithDetailsTests.Examples.class },
		properties = { "apiguard.errors.envelope.shape=nested", "apiguard.errors.codes.validation-failed.status=422",
				"apiguard.errors.codes.validation-failed.message=Request body or params failed validation." })
@AutoConfigureMockMvc
class Seed002NestedWithDetailsTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void validationFailedIs422WithEveryFieldInDeclarationOrder() {
		MvcTestResult result = this.mvc.post()
			.uri("/formats")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"\", \"reason\": \"short\"}")
			.exchange();
		assertJsonError(result, 422, """
				{"error": {"code": "validation_failed", "message": "Request body or params failed validation.",
				  "details": {"errors": [
				    {"field": "name", "constraint": "required", "message": "must not be blank"},
				    {"field": "reason", "constraint": "size", "message": "size must be between 10 and 2147483647"}]}}}""");
	}

	@Test
	void quotaExceededIs402() {
		assertJsonError(this.mvc.get().uri("/renders").exchange(), 402, """
				{"error": {"code": "quota_exceeded",
				  "message": "Org has exhausted its render quota for the current billing period."}}""");
	}

	@Test
	void idempotencyConflict() {
		assertJsonError(this.mvc.get().uri("/idempotent").exchange(), 409, """
				{"error": {"code": "idempotency_conflict",
				  "message": "The supplied Idempotency-Key was reused with a different request body."}}""");
	}

	@Test
	void contextTooLargeIs413() {
		assertJsonError(this.mvc.get().uri("/chat").exchange(), 413, """
				{"error": {"code": "context_too_large", "message": "AI chat input exceeds the model's context budget."}}""");
	}

	@Test
	void dailyLimitIsItsOwn429Code() {
		assertJsonError(this.mvc.get().uri("/chat/daily").exchange(), 429, """
				{"error": {"code": "daily_limit_exceeded", "message": "AI chat daily message cap reached for this user.",
				  "details": {"limit": 50}}}""");
	}

	@Test
	void upstreamFailureIs502() {
		assertJsonError(this.mvc.get().uri("/upstream").exchange(), 502, """
				{"error": {"code": "anthropic_api_error", "message": "Upstream Anthropic API call failed after retries."}}""");
	}

	@Test
	void anApplicationEnumCodeIsRenderedAsWritten() {
		assertJsonError(this.mvc.get().uri("/slug").exchange(), 409, """
				{"error": {"code": "slug_conflict", "message": "Could not derive a unique slug after 100 attempts."}}""");
	}


	enum FormatErrors implements ErrorCode {

		@ErrorSpec(status = 409, message = "Could not derive a unique slug after 100 attempts.")
		SLUG_CONFLICT

	}

	@RestController
	static class Examples {

		@PostMapping("/formats")
		void create(@Valid @RequestBody Format format) {
		}

		@GetMapping("/renders")
		void render() {
			throw new PaymentRequiredException("quota_exceeded",
					"Org has exhausted its render quota for the current billing period.");
		}

		@GetMapping("/idempotent")
		void idempotent() {
			throw new ConflictException("idempotency_conflict",
					"The supplied Idempotency-Key was reused with a different request body.");
		}

		@GetMapping("/chat")
		void chat() {
			throw new PayloadTooLargeException("context_too_large", "AI chat input exceeds the model's context budget.");
		}

		@GetMapping("/chat/daily")
		void daily() {
			throw new TooManyRequestsException("daily_limit_exceeded", "AI chat daily message cap reached for this user.")
				.detail("limit", 50);
		}

		@GetMapping("/upstream")
		void upstream() {
			throw new BadGatewayException("anthropic_api_error", "Upstream Anthropic API call failed after retries.");
		}

		@GetMapping("/slug")
		void slug() {
			throw new ApiException(FormatErrors.SLUG_CONFLICT);
		}

	}

	record Format(@NotBlank String name, @Size(min = 10) String reason) {
	}

}
