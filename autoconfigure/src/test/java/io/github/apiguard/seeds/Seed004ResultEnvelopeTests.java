package io.github.apiguard.seeds;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

import io.github.apiguard.errors.ApiErrorMapping;
import io.github.apiguard.errors.PaymentRequiredException;
import io.github.apiguard.errors.UnauthorizedException;
import io.github.apiguard.support.TestApplication;

import static io.github.apiguard.support.ErrorAssertions.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 004: the result envelope {@code {"status": "error", "data": null, "error": {"code", "message"}}},
 * UPPER_SNAKE codes, storage-failure 500 codes mapped from the application's own exception classes.
 */
@SpringBootTest(classes = { TestApplication.class, Seed004ResultEnvelopeTests.Examples.class },
		properties = { "apiguard.errors.envelope.shape=result", "apiguard.errors.code-style=upper-snake-case",
				"apiguard.errors.codes.validation-failed.code=VALIDATION_ERROR",
				"apiguard.errors.codes.validation-failed.message=Request failed schema validation.",
				"apiguard.errors.exceptions[java.io.UncheckedIOException].status=500",
				"apiguard.errors.exceptions[java.io.UncheckedIOException].code=S3_ERROR",
				"apiguard.errors.exceptions[java.io.UncheckedIOException].message=Object storage failed." })
@AutoConfigureMockMvc
class Seed004ResultEnvelopeTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void insufficientCreditsExample() {
		assertJsonError(this.mvc.get().uri("/generate").exchange(), 402, """
				{"status": "error", "data": null,
				 "error": {"code": "INSUFFICIENT_CREDITS", "message": "Workspace does not have enough credits."}}""");
	}

	@Test
	void expiredApiKey() {
		assertJsonError(this.mvc.get().uri("/expired").exchange(), 401, """
				{"status": "error", "data": null,
				 "error": {"code": "API_KEY_EXPIRED", "message": "API key passed its expiration date."}}""");
	}

	@Test
	void databaseErrorFromAnAnnotatedApplicationExceptionNeverShowsItsMessage() {
		MvcTestResult result = this.mvc.get().uri("/database").exchange();
		assertJsonError(result, 500, """
				{"status": "error", "data": null,
				 "error": {"code": "DATABASE_ERROR", "message": "Storage layer failed."}}""");
		assertThat(result).bodyText().doesNotContain("s3cr3t");
	}

	@Test
	void objectStorageErrorFromAThirdPartyExceptionMappedByProperties() {
		assertJsonError(this.mvc.get().uri("/s3").exchange(), 500, """
				{"status": "error", "data": null, "error": {"code": "S3_ERROR", "message": "Object storage failed."}}""");
	}

	@Test
	void schemaValidation() {
		MvcTestResult result = this.mvc.post()
			.uri("/designs")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}")
			.exchange();
		assertJsonError(result, 400, """
				{"status": "error", "data": null,
				 "error": {"code": "VALIDATION_ERROR", "message": "Request failed schema validation.",
				           "details": {"errors": [{"field": "width", "constraint": "required", "message": "must not be null"}]}}}""");
	}


	@ApiErrorMapping(status = 500, code = "DATABASE_ERROR", message = "Storage layer failed.")
	static class DatabaseException extends RuntimeException {

		DatabaseException(String message) {
			super(message);
		}

	}

	static class ConnectionPoolExhaustedException extends DatabaseException {

		ConnectionPoolExhaustedException(String message) {
			super(message);
		}

	}

	@RestController
	static class Examples {

		@GetMapping("/generate")
		void generate() {
			throw new PaymentRequiredException("INSUFFICIENT_CREDITS", "Workspace does not have enough credits.");
		}

		@GetMapping("/expired")
		void expired() {
			throw new UnauthorizedException("API_KEY_EXPIRED", "API key passed its expiration date.");
		}

		@GetMapping("/database")
		void database() {
			// A subclass inherits the mapping of its annotated superclass.
			throw new ConnectionPoolExhaustedException("pool exhausted for jdbc:postgresql://db/app?password=s3cr3t");
		}

		@GetMapping("/s3")
		void s3() {
			throw new java.io.UncheckedIOException(new java.io.IOException("bucket secret-bucket unreachable"));
		}

		@PostMapping("/designs")
		void create(@Valid @RequestBody Design design) {
		}

	}

	record Design(@NotNull Integer width) {
	}

}
