package io.github.apiguard.errors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server errors are logged at ERROR with the stack trace, code and request id; client errors stay quiet
 * at the default level.
 */
@SpringBootTest(classes = { TestApplication.class, ErrorLoggingTests.Endpoints.class })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class ErrorLoggingTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void aServerErrorIsLoggedWithItsStackTraceCodeAndRequestId(CapturedOutput output) {
		this.mvc.get().uri("/explode").header("X-Request-Id", "log-test-1").exchange();
		assertThat(output).contains("ERROR")
			.contains("500 internal_error GET /explode (request id log-test-1)")
			.contains("java.lang.IllegalStateException: disk on fire")
			.contains("at io.github.apiguard.errors.ErrorLoggingTests$Endpoints.explode");
	}

	@Test
	void aClientErrorIsNotLoggedAtTheDefaultLevel(CapturedOutput output) {
		this.mvc.get().uri("/missing-thing").header("X-Request-Id", "log-test-2").exchange();
		assertThat(output).doesNotContain("log-test-2").doesNotContain("NotFoundException");
	}

	@RestController
	static class Endpoints {

		@GetMapping("/explode")
		void explode() {
			throw new IllegalStateException("disk on fire");
		}

		@GetMapping("/missing-thing")
		void missing() {
			throw new NotFoundException();
		}

	}

}
