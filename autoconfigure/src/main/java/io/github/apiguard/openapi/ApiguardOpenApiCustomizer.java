package io.github.apiguard.openapi;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Adds the envelope's schema component, and 401 and 403 on every operation when the document declares
 * global security, or on the paths listed as secured. Rate limits are documented per operation by
 * {@link ApiguardOperationCustomizer}, from the endpoints the rate limiter charges by, path policies
 * included.
 */
public class ApiguardOpenApiCustomizer implements OpenApiCustomizer {

	private final ErrorResponses responses;

	private final List<PathPattern> securedPaths;

	/**
	 * Creates the customizer.
	 * @param responses describes the errors
	 * @param securedPaths the path patterns of secured operations
	 */
	public ApiguardOpenApiCustomizer(ErrorResponses responses, List<String> securedPaths) {
		this.responses = responses;
		this.securedPaths = securedPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
	}

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		openApi.getComponents().addSchemas(this.responses.schemaName(), this.responses.schema());
		if (openApi.getPaths() == null) {
			return;
		}
		boolean globallySecured = openApi.getSecurity() != null && !openApi.getSecurity().isEmpty();
		openApi.getPaths().forEach((path, item) -> {
			boolean secured = globallySecured || matches(this.securedPaths, PathContainer.parsePath(path));
			if (secured) {
				for (Operation operation : item.readOperations()) {
					this.responses.secured(operation);
				}
			}
		});
	}

	private static boolean matches(List<PathPattern> patterns, PathContainer path) {
		return patterns.stream().anyMatch((pattern) -> pattern.matches(path));
	}

}
