package io.github.apiguard.errors;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.errors.autoconfigure.ErrorMessagesAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.errors.envelope.ErrorContext;
import io.github.apiguard.errors.envelope.ErrorEnvelope;
import io.github.apiguard.errors.web.ApiErrorCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customizer is application code run inside the error path: when it throws, the error it was given is
 * still answered, in the envelope, and the failure is logged once rather than once per error path it
 * escaped through.
 */
@ExtendWith(OutputCaptureExtension.class)
class CustomizerFailureTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, ErrorMessagesAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class))
		.withUserConfiguration(MissingController.class);

	@Test
	void aThrowingCustomizerLeavesTheErrorAsItWasAndIsLoggedOnce(CapturedOutput output) {
		this.runner.withUserConfiguration(ThrowingCustomizers.class).run((context) -> {
			MockMvcTester mvc = MockMvcTester.from(context);
			assertThat(mvc.get().uri("/missing").exchange()).hasStatus(404)
				.hasContentType("application/json")
				.bodyText()
				// The customizers before and after the broken one still apply.
				.isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"Build 42 not found.\","
						+ "\"details\":{\"id\":\"42\",\"before\":true,\"after\":true}}}");
			assertThat(output.getOut().split("customizer exploded", -1)).hasSize(2);
		});
	}

	@Test
	void aTranslationWithABrokenPatternKeepsTheUntranslatedMessage(CapturedOutput output) {
		this.runner.withPropertyValues("apiguard.errors.messages.enabled=true")
			.withBean("messageSource", MessageSource.class, CustomizerFailureTests::brokenMessages)
			.run((context) -> {
				MockMvcTester mvc = MockMvcTester.from(context);
				assertThat(mvc.get().uri("/missing").header("Accept-Language", "fr").exchange()).hasStatus(404)
					.hasContentType("application/json")
					.bodyText()
					.isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"Build 42 not found.\","
							+ "\"details\":{\"id\":\"42\"}}}");
				assertThat(output.getOut().split("Unmatched braces", -1)).hasSize(2);
			});
	}

	@Test
	void anEnvelopeThatThrowsFallsBackToTheDefaultShapeAndIsLoggedOnce(CapturedOutput output) {
		this.runner.withBean(ErrorEnvelope.class, BrokenEnvelope::new).run((context) -> {
			MockMvcTester mvc = MockMvcTester.from(context);
			for (int i = 0; i < 2; i++) {
				assertThat(mvc.get().uri("/missing").exchange()).hasStatus(404)
					.bodyText()
					.isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"Build 42 not found.\"}}");
			}
			assertThat(output.getOut().split("envelope exploded", -1)).hasSize(2);
		});
	}

	/** An application's own envelope with a bug in it. */
	static final class BrokenEnvelope implements ErrorEnvelope {

		@Override
		public MediaType contentType() {
			return MediaType.APPLICATION_JSON;
		}

		@Override
		public Object body(ApiError error, ErrorContext context) {
			throw new IllegalStateException("envelope exploded");
		}

	}

	private static MessageSource brokenMessages() {
		// spring.messages.always-use-message-format=true makes every message a MessageFormat pattern.
		StaticMessageSource messages = new StaticMessageSource();
		messages.setAlwaysUseMessageFormat(true);
		messages.addMessage("apiguard.error.not_found", Locale.FRENCH, "La ressource {0 est introuvable.");
		return messages;
	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingCustomizers {

		@Bean
		@Order(1)
		ApiErrorCustomizer before() {
			return (ApiError error, HttpServletRequest request) -> error.mutate().detail("before", true).build();
		}

		@Bean
		@Order(2)
		ApiErrorCustomizer broken() {
			return (ApiError error, HttpServletRequest request) -> {
				throw new IllegalStateException("customizer exploded");
			};
		}

		@Bean
		@Order(3)
		ApiErrorCustomizer after() {
			return (ApiError error, HttpServletRequest request) -> error.mutate().detail("after", true).build();
		}

	}

	@RestController
	static class MissingController {

		@GetMapping("/missing")
		String missing() {
			throw new NotFoundException("Build 42 not found.").detail("id", "42");
		}

	}

}
