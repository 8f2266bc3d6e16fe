package io.github.apiguard.seeds;

import java.time.Duration;

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

import io.github.apiguard.errors.ForbiddenException;
import io.github.apiguard.errors.TooManyRequestsException;
import io.github.apiguard.errors.UnauthorizedException;
import io.github.apiguard.support.TestApplication;

import static io.github.apiguard.support.ErrorAssertions.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 003: the wrapped envelope {@code {"code": status, "status": "error", "message": title, "error":
 * {"code", "message", "details"}}}, UPPER_SNAKE codes, private resources answered 404 instead of 403.
 * <p>
 * The seed contradicts itself: its 429 example drops the top-level {@code message} and puts {@code tier}
 * inside {@code error}. The shape can express that by configuration: the rate-limit code's title is set to
 * empty (so the top-level message is left out) and {@code tier} is a promoted detail (written into the
 * error object). Both examples are reproduced exactly under the same configuration.
 */
@SpringBootTest(classes = { TestApplication.class, Seed003WrappedEnvelopeTests.Examples.class },
		properties = { "apiguard.errors.envelope.shape=wrapped", "apiguard.errors.code-style=upper-snake-case",
				"apiguard.errors.envelope.promoted-details=tier",
				"apiguard.errors.codes.validation-failed.code=VALIDATION_ERROR",
				"apiguard.errors.codes.rate-limit-exceeded.title=", "apiguard.errors.validation.details=first-field",
				"apiguard.errors.validation.message=first-violation", "apiguard.errors.forbidden-as-not-found=true" })
@AutoConfigureMockMvc
class Seed003WrappedEnvelopeTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void validationExampleFromBeanValidation() {
		MvcTestResult result = this.mvc.post()
			.uri("/listings")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\": \" \"}")
			.exchange();
		assertJsonError(result, 400, """
				{"code": 400, "status": "error", "message": "Validation failed",
				 "error": {"code": "VALIDATION_ERROR", "message": "The title field is required",
				           "details": {"field": "title", "constraint": "required"}}}""");
	}

	@Test
	void rateLimitExampleWithTierAndHeaders() {
		MvcTestResult result = this.mvc.get().uri("/limited").exchange();
		assertJsonError(result, 429, """
				{"code": 429, "status": "error",
				 "error": {"code": "RATE_LIMIT_EXCEEDED", "message": "Rate limit exceeded. Retry after 60 seconds.",
				           "tier": "public_key"}}""");
		assertThat(result).headers()
			.hasValue("X-RateLimit-Limit", "100")
			.hasValue("X-RateLimit-Remaining", "0")
			.hasValue("X-RateLimit-Reset", "1707480000")
			.hasValue("Retry-After", "60");
	}

	@Test
	void builtInCodesAreUpperSnakeWithTheStatusTitleOnTop() {
		assertJsonError(this.mvc.get().uri("/nowhere/at/all").exchange(), 404, """
				{"code": 404, "status": "error", "message": "Not Found",
				 "error": {"code": "NOT_FOUND", "message": "The requested resource was not found."}}""");
	}

	@Test
	void tokenExpiredIsA401WithItsOwnCode() {
		assertJsonError(this.mvc.get().uri("/token").exchange(), 401, """
				{"code": 401, "status": "error", "message": "Unauthorized",
				 "error": {"code": "TOKEN_EXPIRED", "message": "Token has expired"}}""");
	}

	@Test
	void privateResourcesAnswer404Not403() {
		assertJsonError(this.mvc.get().uri("/private").exchange(), 404, """
				{"code": 404, "status": "error", "message": "Not Found",
				 "error": {"code": "NOT_FOUND", "message": "The requested resource was not found."}}""");
	}

	@Test
	void specific403CodesStay403() {
		assertJsonError(this.mvc.get().uri("/write").exchange(), 403, """
				{"code": 403, "status": "error", "message": "Forbidden",
				 "error": {"code": "WRITE_ACCESS_DENIED", "message": "Public keys are read-only"}}""");
	}


	@RestController
	static class Examples {

		@PostMapping("/listings")
		void create(@Valid @RequestBody Listing listing) {
		}

		@GetMapping("/limited")
		void limited() {
			throw new TooManyRequestsException("Rate limit exceeded. Retry after 60 seconds.").detail("tier", "public_key")
				.header("X-RateLimit-Limit", "100")
				.header("X-RateLimit-Remaining", "0")
				.header("X-RateLimit-Reset", "1707480000")
				.retryAfter(Duration.ofSeconds(60));
		}

		@GetMapping("/token")
		void token() {
			throw new UnauthorizedException("TOKEN_EXPIRED", "Token has expired");
		}

		@GetMapping("/private")
		void privateResource() {
			throw new ForbiddenException("Key doesn't have access to this store");
		}

		@GetMapping("/write")
		void write() {
			throw new ForbiddenException("WRITE_ACCESS_DENIED", "Public keys are read-only");
		}

	}

	record Listing(@NotBlank(message = "The title field is required") String title) {
	}

}
