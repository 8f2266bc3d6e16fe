package io.github.apiguard.errors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.errors.autoconfigure.ErrorMessagesAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.errors.web.MessageSourceErrorCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMessagesTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, ErrorMessagesAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class))
		.withUserConfiguration(MissingController.class)
		.withBean("messageSource", MessageSource.class, ErrorMessagesTests::messages);

	@Test
	void translatesTheMessageByCodeInTheRequestsLanguageAndKeepsTheCode() {
		this.runner.withPropertyValues("apiguard.errors.messages.enabled=true").run((context) -> {
			MockMvcTester mvc = MockMvcTester.from(context);
			assertThat(mvc.get().uri("/missing").header("Accept-Language", "fr-FR,fr;q=0.9").exchange()).hasStatus(404)
				.bodyJson()
				.isLenientlyEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"La ressource est introuvable.\","
						+ "\"details\":{\"id\":\"42\"}}}");
			assertThat(mvc.get().uri("/missing").header("Accept-Language", "de").exchange()).bodyJson()
				.extractingPath("$.error.message")
				.isEqualTo("Die Ressource wurde nicht gefunden.");
		});
	}

	@Test
	void keepsTheMessageWhenThereIsNoTranslation() {
		this.runner.withPropertyValues("apiguard.errors.messages.enabled=true").run((context) -> {
			MockMvcTester mvc = MockMvcTester.from(context);
			assertThat(mvc.get().uri("/missing").header("Accept-Language", "ja").exchange()).bodyJson()
				.extractingPath("$.error.message")
				.isEqualTo("Build 42 not found.");
		});
	}

	@Test
	void isOffUnlessEnabled() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(MessageSourceErrorCustomizer.class);
			assertThat(MockMvcTester.from(context).get().uri("/missing").header("Accept-Language", "fr").exchange())
				.bodyJson()
				.extractingPath("$.error.message")
				.isEqualTo("Build 42 not found.");
		});
	}

	@Test
	void usesTheConfiguredKeyPrefix() {
		this.runner.withPropertyValues("apiguard.errors.messages.enabled=true", "apiguard.errors.messages.prefix=errors.")
			.run((context) -> assertThat(
					MockMvcTester.from(context).get().uri("/missing").header("Accept-Language", "fr").exchange())
				.bodyJson()
				.extractingPath("$.error.message")
				.isEqualTo("Introuvable (préfixe)."));
	}

	private static MessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("io/github/apiguard/errors/messages");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

	@RestController
	static class MissingController {

		@GetMapping("/missing")
		String missing() {
			throw new NotFoundException("Build 42 not found.").detail("id", "42");
		}

	}

}
