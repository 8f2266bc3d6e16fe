package io.github.apiguard.errors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsProperties;
import io.github.apiguard.errors.mapping.ValidationOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code include-rejected-value}, the value of a field whose name contains a sensitive word, in any
 * case and spelling ({@code newPassword}, {@code access_token}, {@code X-Client-Secret}), is never echoed.
 */
class SensitiveValuesTests {

	private static final String BODY = "{\"username\": \"bob\", \"newPassword\": \"hunter2\","
			+ " \"accessToken\": \"tok-123\", \"clientSecret\": \"shh-456\", \"refresh_token\": \"ref-789\","
			+ " \"PASSWORD_CONFIRMATION\": \"hunter3\", \"userApiKey\": \"key-000\"}";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class))
		.withUserConfiguration(SignupController.class)
		.withPropertyValues("apiguard.errors.validation.include-rejected-value=true");

	@Test
	void fieldsNamedLikeSecretsAreNotEchoedByDefault() {
		this.runner.run((context) -> {
			String body = signup(MockMvcTester.from(context));
			assertThat(body).contains("\"field\":\"newPassword\"")
				.contains("\"field\":\"accessToken\"")
				.contains("\"field\":\"clientSecret\"")
				.contains("\"field\":\"refresh_token\"")
				.contains("\"field\":\"PASSWORD_CONFIRMATION\"")
				.contains("\"field\":\"userApiKey\"")
				.contains("\"value\":\"bob\"")
				.doesNotContain("hunter2", "tok-123", "shh-456", "ref-789", "hunter3", "key-000");
		});
	}

	@Test
	void aParameterNamedLikeASecretIsNotEchoed() {
		this.runner.run((context) -> assertThat(MockMvcTester.from(context)
			.post()
			.uri("/reset?resetToken=abc&note=hi")
			.exchange()).bodyText().contains("\"field\":\"resetToken\"").doesNotContain("abc").contains("\"value\":\"hi\""));
	}

	@Test
	void theListIsConfigurable() {
		this.runner.withPropertyValues("apiguard.errors.validation.sensitive-fields=user-name").run((context) -> {
			String body = signup(MockMvcTester.from(context));
			assertThat(body).doesNotContain("bob").contains("hunter2");
		});
	}

	@Test
	void thePropertyDefaultIsTheMappersDefault() {
		this.runner.run((context) -> assertThat(context.getBean(ErrorsProperties.class).validation().sensitiveFields())
			.isEqualTo(ValidationOptions.defaults().sensitiveFields()));
	}

	private static String signup(MockMvcTester mvc) {
		try {
			return mvc.post()
				.uri("/signup")
				.contentType(MediaType.APPLICATION_JSON)
				.content(BODY)
				.exchange()
				.getResponse()
				.getContentAsString();
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@RestController
	static class SignupController {

		@PostMapping("/signup")
		void signup(@Valid @RequestBody Signup signup) {
		}

		@PostMapping("/reset")
		void reset(@RequestParam @Size(min = 20) String resetToken, @RequestParam @Size(min = 5) String note) {
		}

	}

	record Signup(@Size(min = 5) String username, @Size(min = 12) String newPassword, @Size(min = 40) String accessToken,
			@Size(min = 40) String clientSecret, @Size(min = 40) String refresh_token,
			@Size(min = 12) String PASSWORD_CONFIRMATION, @Size(min = 40) String userApiKey) {
	}

}
