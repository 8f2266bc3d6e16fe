package io.github.apiguard.requestid.autoconfigure;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import io.github.apiguard.ApiguardOrder;
import io.github.apiguard.requestid.RequestIdFilter;

/**
 * Auto-configuration of request ids: a filter near the front of the chain that gives every request an id.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Servlet.class)
@ConditionalOnBooleanProperty(name = "apiguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "apiguard.request-id.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RequestIdProperties.class)
public final class RequestIdAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "apiguardRequestIdFilter")
	FilterRegistrationBean<RequestIdFilter> apiguardRequestIdFilter(RequestIdProperties properties) {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(
				new RequestIdFilter(properties.header(), properties.maxLength(), properties.mdcKey()));
		registration.setOrder(ApiguardOrder.REQUEST_ID_FILTER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

}
