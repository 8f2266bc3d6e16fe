package io.github.apiguard.errors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An error's status is 400 to 599. A declaration that says otherwise and can only be seen when its
 * exception is thrown is a server bug: answered 500, with a log line that names it.
 */
@ExtendWith(OutputCaptureExtension.class)
class NonErrorStatusTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class))
		.withUserConfiguration(MisdeclaringController.class);

	@Test
	void anApiErrorMappingWithAStatusThatIsNoErrorIsA500NamingTheMapping(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(MockMvcTester.from(context).get().uri("/moved").exchange()).hasStatus(500)
				.bodyJson()
				.extractingPath("$.error.code")
				.isEqualTo("internal_error");
			assertThat(output).contains("@ApiErrorMapping on " + MovedException.class.getName())
				.contains("status 302")
				.contains("400");
		});
	}

	@Test
	void anErrorSpecWithAStatusThatIsNoErrorIsA500NamingTheConstant(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(MockMvcTester.from(context).get().uri("/fine").exchange()).hasStatus(500)
				.bodyJson()
				.extractingPath("$.error.code")
				.isEqualTo("internal_error");
			assertThat(output).contains("@ErrorSpec on " + UnlistedErrors.class.getName() + ".ALL_FINE")
				.contains("status 200")
				.contains("400");
		});
	}

	@ApiErrorMapping(status = 302, code = "moved")
	static class MovedException extends RuntimeException {

	}

	enum UnlistedErrors implements ErrorCode {

		@ErrorSpec(status = 200, message = "All fine.")
		ALL_FINE

	}

	@RestController
	static class MisdeclaringController {

		@GetMapping("/moved")
		void moved() {
			throw new MovedException();
		}

		@GetMapping("/fine")
		void fine() {
			throw new ApiException(UnlistedErrors.ALL_FINE);
		}

	}

}
