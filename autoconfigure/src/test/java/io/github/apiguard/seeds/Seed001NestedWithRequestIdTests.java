package io.github.apiguard.seeds;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.errors.BadRequestException;
import io.github.apiguard.errors.ConflictException;
import io.github.apiguard.errors.NotFoundException;
import io.github.apiguard.errors.ServiceUnavailableException;
import io.github.apiguard.errors.TooManyRequestsException;
import io.github.apiguard.errors.UnprocessableException;
import io.github.apiguard.support.TestApplication;

import static io.github.apiguard.support.ErrorAssertions.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 001: {@code {"error": {"code", "message", "requestId"}}}, snake_case, {@code requestId} echoing
 * {@code X-Request-Id} or a generated UUID; 405 answers {@code invalid_request}; 422, 500 and 503 all
 * answer {@code internal_error}; 429 is {@code rate_limited}.
 */
@SpringBootTest(classes = { TestApplication.class, Seed001NestedWithRequestIdTests.Examples.class },
		properties = { "apiguard.errors.envelope.shape=nested", "apiguard.errors.envelope.request-id-member=requestId",
				"apiguard.errors.codes.method-not-allowed.code=invalid_request",
				"apiguard.errors.codes.unprocessable.code=internal_error",
				"apiguard.errors.codes.service-unavailable.code=internal_error",
				"apiguard.errors.codes.rate-limit-exceeded.code=rate_limited" })
@AutoConfigureMockMvc
class Seed001NestedWithRequestIdTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void envelopeExampleEchoesTheClientsRequestId() {
		MvcTestResult result = this.mvc.get()
			.uri("/programs/missing")
			.header("X-Request-Id", "7c0c1e9b-9c2b-4f7e-9c91-7b9c8e2c1a93")
			.exchange();
		assertJsonError(result, 404, """
				{"error": {"code": "not_found", "message": "Program not found",
				           "requestId": "7c0c1e9b-9c2b-4f7e-9c91-7b9c8e2c1a93"}}""");
		assertThat(result).headers().hasValue("X-Request-Id", "7c0c1e9b-9c2b-4f7e-9c91-7b9c8e2c1a93");
	}

	@Test
	void withoutARequestIdTheServerGeneratesAUuidAndSendsItInBothPlaces() {
		MvcTestResult result = this.mvc.get().uri("/programs/missing").exchange();
		String id = result.getResponse().getHeader("X-Request-Id");
		assertThat(UUID.fromString(id)).isNotNull();
		assertJsonError(result, 404, """
				{"error": {"code": "not_found", "message": "Program not found", "requestId": "%s"}}""".formatted(id));
	}

	@Test
	void aMalformedRequestIdIsReplacedNotEchoed() {
		MvcTestResult result = this.mvc.get()
			.uri("/programs/missing")
			.header("X-Request-Id", "abc\"},\"injected\":{\"x")
			.exchange();
		String id = result.getResponse().getHeader("X-Request-Id");
		assertThat(UUID.fromString(id)).isNotNull();
		assertThat(result).bodyText().doesNotContain("injected");
	}

	@Test
	void methodNotAllowedIsInvalidRequestAndKeeps405AndAllow() {
		MvcTestResult result = this.mvc.delete()
			.uri("/programs/missing")
			.header("X-Request-Id", "req-1")
			.exchange();
		assertJsonError(result, 405, """
				{"error": {"code": "invalid_request", "message": "The request method is not supported for this resource.",
				           "requestId": "req-1"}}""");
		assertThat(result).headers().hasValue("Allow", "GET");
	}

	@Test
	void missingIdempotencyKeyOnAWriteIs400InvalidRequest() {
		assertJsonError(this.mvc.post().uri("/programs").header("X-Request-Id", "req-2").exchange(), 400, """
				{"error": {"code": "invalid_request", "message": "An Idempotency-Key header is required for this request.",
				           "requestId": "req-2"}}""");
	}

	@Test
	void keyReuseAndNotReadyAreBothConflict() {
		assertJsonError(this.mvc.post().uri("/programs/not-ready").header("X-Request-Id", "req-3").exchange(), 409, """
				{"error": {"code": "conflict", "message": "The part is still processing.", "requestId": "req-3"}}""");
	}

	@Test
	void engineFailure422UnexpectedFailure500AndEngineDown503AllAnswerInternalError() {
		assertJsonError(this.mvc.get().uri("/engine/422").header("X-Request-Id", "r").exchange(), 422, """
				{"error": {"code": "internal_error", "message": "The Engine could not compute this part.", "requestId": "r"}}""");
		assertJsonError(this.mvc.get().uri("/engine/500").header("X-Request-Id", "r").exchange(), 500, """
				{"error": {"code": "internal_error",
				           "message": "An unexpected error occurred. Please try again or contact support.", "requestId": "r"}}""");
		assertJsonError(this.mvc.get().uri("/engine/503").header("X-Request-Id", "r").exchange(), 503, """
				{"error": {"code": "internal_error", "message": "The Engine is unavailable. The write was rolled back; retry later.",
				           "requestId": "r"}}""");
	}

	@Test
	void rateLimited() {
		assertJsonError(this.mvc.get().uri("/engine/429").header("X-Request-Id", "r").exchange(), 429, """
				{"error": {"code": "rate_limited", "message": "Request quota exceeded.", "requestId": "r"}}""");
	}


	@RestController
	static class Examples {

		@GetMapping("/programs/missing")
		void missing() {
			throw new NotFoundException("Program not found");
		}

		@PostMapping("/programs")
		void create() {
			throw new BadRequestException("An Idempotency-Key header is required for this request.");
		}

		@PostMapping("/programs/not-ready")
		void notReady() {
			throw new ConflictException("The part is still processing.").retryable(true);
		}

		@GetMapping("/engine/422")
		void engineFailed() {
			throw new UnprocessableException("The Engine could not compute this part.");
		}

		@GetMapping("/engine/500")
		void unexpected() {
			throw new IllegalStateException("engine socket closed");
		}

		@GetMapping("/engine/503")
		void engineDown() {
			throw new ServiceUnavailableException("The Engine is unavailable. The write was rolled back; retry later.");
		}

		@GetMapping("/engine/429")
		void rateLimited() {
			throw new TooManyRequestsException("Request quota exceeded.");
		}

	}

}
