package io.github.apiguard.errors.autoconfigure;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.NotFoundException;
import io.github.apiguard.errors.envelope.ErrorContext;
import io.github.apiguard.errors.envelope.ErrorEnvelope;
import io.github.apiguard.errors.mapping.ApiErrorResolver;
import io.github.apiguard.errors.mapping.SecurityExceptionMapper;
import io.github.apiguard.errors.web.ApiErrorController;
import io.github.apiguard.errors.web.ApiErrorCustomizer;
import io.github.apiguard.errors.web.ApiErrorExceptionHandler;
import io.github.apiguard.errors.web.ApiErrorRenderer;
import io.github.apiguard.requestid.autoconfigure.RequestIdAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorsAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, RequestIdAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class));

	@Test
	void registersTheRendererAndEveryErrorPath() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ApiErrorRenderer.class)
				.hasSingleBean(ApiErrorExceptionHandler.class)
				.hasSingleBean(ApiErrorResolver.class)
				.hasSingleBean(ErrorCatalog.class)
				.hasSingleBean(ErrorEnvelope.class)
				.hasBean("apiguardErrorHandlingFilter")
				.hasBean("apiguardSecurityExceptionHandling")
				.hasSingleBean(SecurityExceptionMapper.class);
			assertThat(context).getBean(ErrorController.class).isInstanceOf(ApiErrorController.class);
			assertThat(context).doesNotHaveBean(BasicErrorController.class);
			assertThat(context.getBean("apiguardErrorHandlingFilter")).isInstanceOf(FilterRegistrationBean.class);
		});
	}

	@Test
	void takesOverFromSpringBootsProblemDetailsHandler() {
		this.runner.withPropertyValues("spring.mvc.problemdetails.enabled=true").run((context) -> {
			assertThat(context).getBeans(ResponseEntityExceptionHandler.class)
				.hasSize(1)
				.containsOnlyKeys("apiguardExceptionHandler");
		});
	}

	@Test
	void adviceIsOrderedLastByDefaultSoApplicationAdvicesWin() {
		this.runner.run((context) -> assertThat(context.getBean(ApiErrorExceptionHandler.class).getOrder())
			.isEqualTo(Integer.MAX_VALUE));
		this.runner.withPropertyValues("apiguard.errors.advice-order=-5")
			.run((context) -> assertThat(context.getBean(ApiErrorExceptionHandler.class).getOrder()).isEqualTo(-5));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnEnvelope() {
		this.runner.withUserConfiguration(CustomEnvelopeConfiguration.class).run((context) -> {
			assertThat(context).getBean(ErrorEnvelope.class).isSameAs(context.getBean("customEnvelope"));
			MockMvcTester mvc = MockMvcTester.from(context);
			assertThat(mvc.get().uri("/missing").exchange()).hasStatus(404)
				.hasContentType("application/vnd.custom+json")
				.bodyText()
				.isEqualTo("{\"oops\":\"not_found\"}");
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnErrorController() {
		this.runner.withUserConfiguration(CustomErrorControllerConfiguration.class)
			.run((context) -> assertThat(context).getBean(ErrorController.class)
				.isSameAs(context.getBean("customErrorController")));
	}

	@Test
	void appliesCustomizersToEveryError() {
		this.runner.withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			MockMvcTester mvc = MockMvcTester.from(context);
			assertThat(mvc.get().uri("/missing").exchange()).bodyText()
				.isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"Nothing here.\","
						+ "\"details\":{\"docs\":\"https://example.com/errors/not_found\"}}}");
		});
	}

	@Test
	void isSwitchedOffByApiguardEnabled() {
		this.runner.withPropertyValues("apiguard.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ApiErrorRenderer.class).doesNotHaveBean(ApiErrorExceptionHandler.class);
			assertThat(context).getBean(ErrorController.class).isInstanceOf(BasicErrorController.class);
		});
	}

	@Test
	void isSwitchedOffByItsOwnProperty() {
		this.runner.withPropertyValues("apiguard.errors.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ApiErrorRenderer.class)
				.hasBean("apiguardRequestIdFilter"));
	}

	@Test
	void securityIntegrationCanBeSwitchedOffAlone() {
		this.runner.withPropertyValues("apiguard.errors.security.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ApiErrorRenderer.class)
				.doesNotHaveBean("apiguardSecurityExceptionHandling"));
	}

	@Test
	void worksWithoutSpringSecurity() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpSecurity.class)).run((context) -> {
			assertThat(context).hasSingleBean(ApiErrorRenderer.class)
				.doesNotHaveBean("apiguardSecurityExceptionHandling")
				.doesNotHaveBean(SecurityExceptionMapper.class);
		});
	}

	@Test
	void templateShapeWithoutATemplateFailsAtStartup() {
		this.runner.withPropertyValues("apiguard.errors.envelope.shape=template")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("apiguard.errors.envelope.template"));
	}

	@Test
	void aTemplateWithAnUnknownPlaceholderFailsAtStartup() {
		this.runner
			.withPropertyValues("apiguard.errors.envelope.shape=template",
					"apiguard.errors.envelope.template={\"e\":\"${code}\",\"m\":\"${mesage}\"}")
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("${mesage}"));
	}

	@Test
	void aUserDefinedTemplateShapesEveryError() {
		this.runner
			.withPropertyValues("apiguard.errors.envelope.shape=template",
					"apiguard.errors.envelope.content-type=application/vnd.acme.error+json",
					"apiguard.errors.envelope.template={\"ok\":false,\"problem\":{\"id\":\"${code}\",\"text\":\"${message}\","
							+ "\"http\":\"${status}\",\"help\":\"https://docs.acme.test/errors#${code}\"}}")
			.withUserConfiguration(ThrowingController.class)
			.run((context) -> {
				MockMvcTester mvc = MockMvcTester.from(context);
				assertThat(mvc.get().uri("/thing").exchange()).hasStatus(404)
					.hasContentType("application/vnd.acme.error+json")
					.bodyText()
					.isEqualTo("{\"ok\":false,\"problem\":{\"id\":\"not_found\",\"text\":\"No such thing.\",\"http\":404,"
							+ "\"help\":\"https://docs.acme.test/errors#not_found\"}}");
			});
	}

	@Test
	void membersOfABuiltInShapeCanBeRenamed() {
		this.runner
			.withPropertyValues("apiguard.errors.envelope.member-names.error=fault",
					"apiguard.errors.envelope.member-names.message=description", "apiguard.errors.envelope.empty-details=null")
			.withUserConfiguration(ThrowingController.class)
			.run((context) -> assertThat(MockMvcTester.from(context).get().uri("/thing").exchange()).bodyText()
				.isEqualTo("{\"fault\":{\"code\":\"not_found\",\"description\":\"No such thing.\",\"details\":null}}"));
	}

	@Test
	void theNumberOfListedViolationsIsConfigurable() {
		this.runner.withPropertyValues("apiguard.errors.validation.max-violations=2")
			.withUserConfiguration(ValidatingController.class)
			.run((context) -> assertThat(MockMvcTester.from(context)
				.post()
				.uri("/names")
				.contentType(MediaType.APPLICATION_JSON)
				.content("[\"\", \"\", \"\", \"\"]")
				.exchange()).bodyJson()
				.isLenientlyEqualTo("{\"error\":{\"details\":{\"errors\":[{\"field\":\"[0]\"},{\"field\":\"[1]\"}],"
						+ "\"omitted\":2}}}"));
	}

	@Test
	void aViolationCapBelowOneFailsAtStartup() {
		this.runner.withPropertyValues("apiguard.errors.validation.max-violations=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("apiguard.errors.validation.max-violations"));
	}

	@Test
	void anExceptionMappedToAStatusThatIsNoErrorFailsAtStartup() {
		this.runner.withPropertyValues("apiguard.errors.exceptions[java.lang.IllegalStateException].status=302")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("apiguard.errors.exceptions[java.lang.IllegalStateException].status")
				.hasMessageContaining("302"));
	}

	@Test
	void aConfiguredExceptionMappingDeclaresItsRetryabilityAsTheAnnotationDoes() {
		this.runner
			.withPropertyValues("apiguard.errors.exceptions[java.lang.IllegalStateException].status=503",
					"apiguard.errors.exceptions[java.lang.IllegalStateException].retryable=no")
			.run((context) -> {
				ApiErrorResolver resolver = context.getBean(ApiErrorResolver.class);
				ApiError error = resolver.resolve(new IllegalStateException("boom"));
				assertThat(error.status()).isEqualTo(503);
				assertThat(error.retryable()).isFalse();
			});
	}

	@Test
	void aBuiltInCodeRemappedToAStatusThatIsNoErrorFailsAtStartup() {
		this.runner.withPropertyValues("apiguard.errors.codes.not-found.status=200")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("apiguard.errors.codes.not-found.status")
				.hasMessageContaining("200"));
	}

	@Test
	void membersRenamedOntoOneAnotherFailAtStartup() {
		this.runner.withPropertyValues("apiguard.errors.envelope.shape=flat",
				"apiguard.errors.envelope.member-names.message=error")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("apiguard.errors.envelope.member-names"));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomEnvelopeConfiguration {

		@Bean
		ErrorEnvelope customEnvelope() {
			return new ErrorEnvelope() {
				@Override
				public MediaType contentType() {
					return MediaType.parseMediaType("application/vnd.custom+json");
				}

				@Override
				public Object body(ApiError error, ErrorContext context) {
					return java.util.Map.of("oops", error.code());
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomErrorControllerConfiguration {

		@Bean
		ErrorController customErrorController() {
			return new ErrorController() {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		ApiErrorCustomizer docsLink() {
			return (ApiError error, HttpServletRequest request) -> error.mutate()
				.message("Nothing here.")
				.detail("docs", "https://example.com/errors/" + error.code())
				.build();
		}

	}

	@RestController
	static class ValidatingController {

		@PostMapping("/names")
		void names(@RequestBody List<@NotBlank String> names) {
		}

	}

	@RestController
	static class ThrowingController {

		@GetMapping("/thing")
		void thing() {
			throw new NotFoundException("No such thing.");
		}

	}

}
