package io.github.apiguard.errors.autoconfigure;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import org.apache.catalina.startup.Tomcat;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.github.apiguard.ApiguardOrder;
import io.github.apiguard.errors.ApiguardErrorCode;
import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorCode;
import io.github.apiguard.errors.SimpleErrorCode;
import io.github.apiguard.errors.catalog.ErrorCodeContributor;
import io.github.apiguard.errors.envelope.EnvelopeShape;
import io.github.apiguard.errors.envelope.ErrorEnvelope;
import io.github.apiguard.errors.envelope.TemplateErrorEnvelope;
import io.github.apiguard.errors.mapping.AnnotationExceptionMapper;
import io.github.apiguard.errors.mapping.ApiErrorResolver;
import io.github.apiguard.errors.mapping.ApiExceptionMapper;
import io.github.apiguard.errors.mapping.ExceptionMapper;
import io.github.apiguard.errors.mapping.PropertiesExceptionMapper;
import io.github.apiguard.errors.mapping.SecurityExceptionMapper;
import io.github.apiguard.errors.mapping.SpringWebExceptionMapper;
import io.github.apiguard.errors.mapping.ValidationExceptionMapper;
import io.github.apiguard.errors.mapping.ValidationOptions;
import io.github.apiguard.errors.security.ApiErrorAccessDeniedHandler;
import io.github.apiguard.errors.tomcat.EnvelopeErrorReportValveCustomizer;
import io.github.apiguard.errors.security.ApiErrorAuthenticationEntryPoint;
import io.github.apiguard.errors.web.ApiErrorController;
import io.github.apiguard.errors.web.ApiErrorCustomizer;
import io.github.apiguard.errors.web.ApiErrorExceptionHandler;
import io.github.apiguard.errors.web.ApiErrorListener;
import io.github.apiguard.errors.web.ApiErrorRenderer;
import io.github.apiguard.errors.web.ErrorHandlingFilter;
import io.github.apiguard.errors.web.InterruptedCallableInterceptor;
import io.github.apiguard.errors.web.ErrorLogging;
import io.github.apiguard.requestid.autoconfigure.RequestIdProperties;

/**
 * Auto-configuration of apiguard's error envelope: one {@link ApiErrorRenderer} behind the controller
 * advice, a filter for exceptions thrown by servlet filters, the {@code /error} controller and, with Spring
 * Security, the 401 entry point and 403 handler. Runs before Spring Boot's MVC and error auto-configurations
 * so that their {@code ProblemDetailsExceptionHandler} and {@code BasicErrorController} back off.
 */
@AutoConfiguration(before = { WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Servlet.class, DispatcherServlet.class })
@ConditionalOnBooleanProperty(name = "apiguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "apiguard.errors.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ ErrorsProperties.class, RequestIdProperties.class })
public final class ErrorsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ErrorCatalog apiguardErrorCatalog(ErrorsProperties properties, ObjectProvider<ErrorCodeContributor> contributors) {
		// apiguard's features (idempotency, quotas) contribute their own codes; the application's are listed apart.
		Set<ApiguardErrorCode> contributed = new LinkedHashSet<>();
		contributors.orderedStream()
			.forEach((contributor) -> contributor.errorCodes()
				.stream()
				.filter((code) -> code instanceof ApiguardErrorCode && !(code instanceof BuiltInErrorCode))
				.forEach((code) -> contributed.add((ApiguardErrorCode) code)));
		Map<String, ApiguardErrorCode> byName = new LinkedHashMap<>();
		Stream.concat(Arrays.stream(BuiltInErrorCode.values()), contributed.stream())
			.forEach((code) -> byName.putIfAbsent(code.propertyName(), code));
		Map<ApiguardErrorCode, ErrorCode> overrides = new LinkedHashMap<>();
		properties.codes().forEach((name, override) -> {
			ApiguardErrorCode builtIn = byName.get(name.toLowerCase(Locale.ROOT).replace('_', '-'));
			if (builtIn == null) {
				throw new IllegalStateException("apiguard.errors.codes." + name + " names no code apiguard answers "
						+ "with in this application; use one of " + String.join(", ", byName.keySet())
						+ " (the codes of a disabled feature are not among them)");
			}
			String code = StringUtils.hasText(override.code()) ? override.code()
					: properties.codeStyle().apply(builtIn.code());
			int status = (override.status() != null) ? override.status() : builtIn.status();
			requireErrorStatus("apiguard.errors.codes." + builtIn.propertyName() + ".status", status);
			overrides.put(builtIn,
					new SimpleErrorCode(code, status,
							(override.message() != null) ? override.message() : builtIn.defaultMessage(),
							(override.retryable() != null) ? override.retryable()
									: (status == builtIn.status()) ? builtIn.retryable() : ErrorCode.isRetryableStatus(status),
							(override.title() != null) ? override.title() : builtIn.title()));
		});
		return new ErrorCatalog(properties.codeStyle(), contributed, overrides);
	}

	@Bean
	@ConditionalOnMissingBean
	ApiExceptionMapper apiguardApiExceptionMapper() {
		return new ApiExceptionMapper();
	}

	@Bean
	@ConditionalOnMissingBean
	PropertiesExceptionMapper apiguardPropertiesExceptionMapper(ErrorsProperties properties) {
		properties.exceptions()
			.forEach((name, mapping) -> requireErrorStatus("apiguard.errors.exceptions[" + name + "].status",
					mapping.status()));
		return new PropertiesExceptionMapper(properties.exceptions());
	}

	@Bean
	@ConditionalOnMissingBean
	AnnotationExceptionMapper apiguardAnnotationExceptionMapper() {
		return new AnnotationExceptionMapper();
	}

	@Bean
	@ConditionalOnMissingBean
	ValidationExceptionMapper apiguardValidationExceptionMapper(ErrorsProperties properties) {
		ErrorsProperties.Validation validation = properties.validation();
		Map<String, String> constraintNames = new LinkedHashMap<>(ValidationOptions.DEFAULT_CONSTRAINT_NAMES);
		constraintNames.putAll(validation.constraintNames());
		if (validation.maxViolations() < 1) {
			throw new IllegalStateException("apiguard.errors.validation.max-violations is "
					+ validation.maxViolations() + "; set it to at least 1 (the default is "
					+ ValidationOptions.DEFAULT_MAX_VIOLATIONS + ")");
		}
		return new ValidationExceptionMapper(new ValidationOptions(validation.details(), validation.message(),
				validation.includeConstraint(), validation.includeRejectedValue(), validation.sensitiveFields(),
				constraintNames, validation.listMember(), validation.maxViolations()));
	}

	@Bean
	@ConditionalOnMissingBean
	SpringWebExceptionMapper apiguardSpringWebExceptionMapper() {
		return new SpringWebExceptionMapper();
	}

	@Bean
	@ConditionalOnMissingBean
	ApiErrorResolver apiguardErrorResolver(ObjectProvider<ExceptionMapper> mappers, ErrorCatalog catalog,
			ErrorsProperties properties) {
		return new ApiErrorResolver(mappers.orderedStream().toList(), catalog, properties.forbiddenAsNotFound());
	}

	@Bean
	@ConditionalOnMissingBean
	ErrorEnvelope apiguardErrorEnvelope(ErrorsProperties properties) {
		ErrorsProperties.Envelope envelope = properties.envelope();
		TemplateErrorEnvelope.Options options = new TemplateErrorEnvelope.Options(envelope.memberNames(),
				envelope.requestIdMember(), envelope.promotedDetails(), envelope.emptyDetails(),
				envelope.problemTypeBase());
		if (envelope.shape() == EnvelopeShape.TEMPLATE) {
			if (!StringUtils.hasText(envelope.template())) {
				throw new IllegalStateException(
						"apiguard.errors.envelope.shape is 'template' but apiguard.errors.envelope.template is empty");
			}
			return new TemplateErrorEnvelope(envelope.template(), MediaType.parseMediaType(envelope.contentType()),
					options);
		}
		return TemplateErrorEnvelope.of(envelope.shape(), options);
	}

	@Bean
	@ConditionalOnMissingBean
	ApiErrorRenderer apiguardErrorRenderer(ApiErrorResolver resolver, ErrorEnvelope envelope,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<ApiErrorCustomizer> customizers,
			ObjectProvider<ApiErrorListener> listeners, ErrorsProperties properties,
			RequestIdProperties requestIdProperties, Environment environment, ObjectProvider<Clock> clock) {
		boolean requestIds = requestIdProperties.enabled()
				&& environment.getProperty("apiguard.enabled", Boolean.class, true);
		ErrorsProperties.Logging logging = properties.logging();
		return new ApiErrorRenderer(resolver, envelope, jsonMapper.getIfAvailable(JsonMapper::shared),
				customizers.orderedStream().toList(), listeners.orderedStream().toList(),
				new ErrorLogging(level(logging.clientErrors()), level(logging.serverErrors()),
						logging.clientStackTraces()),
				requestIds ? requestIdProperties.header() : null, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	ApiErrorExceptionHandler apiguardExceptionHandler(ApiErrorRenderer renderer, ErrorsProperties properties) {
		return new ApiErrorExceptionHandler(renderer, properties.adviceOrder());
	}

	@Bean
	@ConditionalOnMissingBean(name = "apiguardErrorHandlingFilter")
	FilterRegistrationBean<ErrorHandlingFilter> apiguardErrorHandlingFilter(ApiErrorRenderer renderer) {
		FilterRegistrationBean<ErrorHandlingFilter> registration = new FilterRegistrationBean<>(
				new ErrorHandlingFilter(renderer));
		registration.setOrder(ApiguardOrder.ERROR_HANDLING_FILTER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean(name = "apiguardAsyncErrorsConfigurer")
	WebMvcConfigurer apiguardAsyncErrorsConfigurer() {
		InterruptedCallableInterceptor interceptor = new InterruptedCallableInterceptor();
		return new WebMvcConfigurer() {

			@Override
			public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
				configurer.registerCallableInterceptors(interceptor);
			}

		};
	}

	private static void requireErrorStatus(String property, int status) {
		if (!ErrorCode.isErrorStatus(status)) {
			throw new IllegalStateException(property + " is " + status + "; set an error status, 400 to 599 (a "
					+ "redirect or success is not an error: throw a ResponseStatusException for one)");
		}
	}

	private static @Nullable Level level(LogLevel level) {
		return switch (level) {
			case TRACE -> Level.TRACE;
			case DEBUG -> Level.DEBUG;
			case INFO -> Level.INFO;
			case WARN -> Level.WARN;
			case ERROR, FATAL -> Level.ERROR;
			case OFF -> null;
		};
	}

	/**
	 * Replaces Boot's {@code BasicErrorController} so {@code /error} answers in the envelope.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ErrorController.class)
	static class ErrorControllerConfiguration {

		@Bean
		@ConditionalOnMissingBean(value = ErrorController.class, search = SearchStrategy.CURRENT)
		ApiErrorController apiguardErrorController(ApiErrorRenderer renderer,
				ObjectProvider<ErrorAttributes> errorAttributes) {
			return new ApiErrorController(renderer, errorAttributes.getIfAvailable(DefaultErrorAttributes::new));
		}

	}

	/**
	 * Renders Tomcat's own connector-level rejections in the envelope instead of Tomcat's HTML page.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
	static class TomcatConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EnvelopeErrorReportValveCustomizer apiguardErrorReportValveCustomizer(ObjectProvider<ApiErrorRenderer> renderer) {
			return new EnvelopeErrorReportValveCustomizer(renderer::getObject);
		}

	}

	/**
	 * Answers Spring Security's 401 and 403 in the envelope, with no code in the application: Spring
	 * Security applies a {@code Customizer<ExceptionHandlingConfigurer<HttpSecurity>>} bean to every
	 * {@code HttpSecurity} before the application's own configuration, so a chain that configures
	 * {@code exceptionHandling(...)} itself still wins.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HttpSecurity.class, ExceptionHandlingConfigurer.class })
	static class SecurityConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SecurityExceptionMapper apiguardSecurityExceptionMapper() {
			return new SecurityExceptionMapper();
		}

		@Bean
		@ConditionalOnMissingBean(name = "apiguardSecurityExceptionHandling")
		@ConditionalOnBooleanProperty(name = "apiguard.errors.security.enabled", matchIfMissing = true)
		Customizer<ExceptionHandlingConfigurer<HttpSecurity>> apiguardSecurityExceptionHandling(
				ApiErrorRenderer renderer, ErrorsProperties properties) {
			ApiErrorAuthenticationEntryPoint entryPoint = new ApiErrorAuthenticationEntryPoint(renderer,
					properties.security().wwwAuthenticate());
			ApiErrorAccessDeniedHandler accessDeniedHandler = new ApiErrorAccessDeniedHandler(renderer);
			// Registered as the first default, for requests that no mechanism of the chain claims (and for chains
			// with none): Spring Security then prefers the entry point of each mechanism the chain configures
			// (httpBasic's Basic challenge, a resource server's Bearer challenge) for the requests it matches,
			// and apiguard renders their bodies (on the error dispatch, or in ErrorHandlingFilter).
			return (exceptionHandling) -> exceptionHandling
				.defaultAuthenticationEntryPointFor(entryPoint, (request) -> false)
				.accessDeniedHandler(accessDeniedHandler);
		}

	}

}
