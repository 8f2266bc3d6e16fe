package io.github.apiguard.sample.admin;

import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.ServiceUnavailableException;
import io.github.apiguard.openapi.ErrorResponses;

/**
 * Documents what {@link MaintenanceFilter} answers: apiguard cannot know that a filter of the application
 * throws {@link ServiceUnavailableException}, so the application says so, with apiguard's
 * {@link ErrorResponses} for a body in the envelope and its {@code Retry-After}.
 */
@Configuration(proxyBeanMethods = false)
class MaintenanceDocumentation {

	@Bean
	OpenApiCustomizer maintenanceResponses(ErrorResponses responses) {
		return (openApi) -> openApi.getPaths().forEach((path, item) -> {
			if (path.startsWith("/v1/") && !path.equals("/v1/admin/maintenance")) {
				item.readOperations().forEach((operation) -> responses.add(operation,
						responses.error(BuiltInErrorCode.SERVICE_UNAVAILABLE)
							.mutate()
							.message("The API is down for planned maintenance.")
							.build()));
			}
		});
	}

}
