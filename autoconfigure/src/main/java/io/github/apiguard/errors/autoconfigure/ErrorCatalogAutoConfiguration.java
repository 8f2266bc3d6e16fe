package io.github.apiguard.errors.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorCode;
import io.github.apiguard.errors.catalog.ErrorCodeContributor;
import io.github.apiguard.errors.catalog.ErrorCodesEndpoint;
import io.github.apiguard.errors.catalog.RegisteredErrorCodes;

/**
 * Auto-configuration of the error catalogue: {@link RegisteredErrorCodes} lists the built-in codes as
 * configured, then the constants of the enums named in {@code apiguard.errors.catalog.enums}, then the
 * codes of {@link ErrorCodeContributor} beans; with Spring Boot Actuator, the {@code errorcodes} endpoint
 * serves it.
 */
@AutoConfiguration(after = ErrorsAutoConfiguration.class)
@ConditionalOnBean(ErrorCatalog.class)
@EnableConfigurationProperties(ErrorCatalogProperties.class)
public final class ErrorCatalogAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RegisteredErrorCodes apiguardRegisteredErrorCodes(ErrorCatalog catalog, ErrorCatalogProperties properties,
			ObjectProvider<ErrorCodeContributor> contributors) {
		List<ErrorCode> codes = new ArrayList<>();
		for (Class<?> type : properties.enums()) {
			if (!type.isEnum() || !ErrorCode.class.isAssignableFrom(type)) {
				throw new IllegalStateException("apiguard.errors.catalog.enums lists " + type.getName()
						+ ", which is not an enum implementing " + ErrorCode.class.getName());
			}
			for (Object constant : type.getEnumConstants()) {
				codes.add((ErrorCode) constant);
			}
		}
		contributors.orderedStream().forEach((contributor) -> codes.addAll(contributor.errorCodes()));
		return new RegisteredErrorCodes(catalog, codes);
	}

	/**
	 * The {@code errorcodes} endpoint, with Spring Boot Actuator.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		ErrorCodesEndpoint apiguardErrorCodesEndpoint(RegisteredErrorCodes codes) {
			return new ErrorCodesEndpoint(codes);
		}

	}

}
