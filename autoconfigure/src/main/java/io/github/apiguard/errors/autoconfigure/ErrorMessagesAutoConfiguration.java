package io.github.apiguard.errors.autoconfigure;

import jakarta.servlet.Servlet;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

import io.github.apiguard.errors.web.MessageSourceErrorCustomizer;

/**
 * Auto-configuration of translated error messages, off unless {@code apiguard.errors.messages.enabled}: a
 * {@link MessageSourceErrorCustomizer} on the application's {@link MessageSource}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Servlet.class, DispatcherServlet.class })
@ConditionalOnBooleanProperty(name = "apiguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "apiguard.errors.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("apiguard.errors.messages.enabled")
@EnableConfigurationProperties(ErrorMessagesProperties.class)
public final class ErrorMessagesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MessageSourceErrorCustomizer apiguardMessageSourceErrorCustomizer(MessageSource messageSource,
			ErrorMessagesProperties properties) {
		return new MessageSourceErrorCustomizer(messageSource, properties.prefix());
	}

}
