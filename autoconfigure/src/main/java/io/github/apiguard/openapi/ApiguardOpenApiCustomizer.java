package io.github.apiguard.openapi;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Adds the envelope's schema component and the error responses decided by path: 429 with the rate-limit
 * headers on operations a path-based rate-limit policy applies to (and the rate-limit headers on their other
 * responses), and 401 and 403 on every operation when the document declares global security, or on the
 * paths listed as secured.
 */
public class ApiguardOpenApiCustomizer implements OpenApiCustomizer {

	private final ErrorResponses responses;

	private final List<PathPattern> rateLimitedPaths;

	private final List<PathPattern> securedPaths;

	private final boolean denyOnOutage;

	/**
	 * Creates the customizer.
	 * @param responses describes the errors
	 * @param rateLimitedPaths the path patterns of rate-limit policies
	 * @param securedPaths the path patterns of secured operations
	 */
	public ApiguardOpenApiCustomizer(ErrorResponses responses, List<String> rateLimitedPaths, List<String> securedPaths) {
		this(responses, rateLimitedPaths, securedPaths, false);
	}

	/**
	 * Creates the customizer.
	 * @param responses describes the errors
	 * @param rateLimitedPaths the path patterns of rate-limit policies
	 * @param securedPaths the path patterns of secured operations
	 * @param denyOnOutage whether the rate limiter answers 503 while its store is unreachable
	 */
	public ApiguardOpenApiCustomizer(ErrorResponses responses, List<String> rateLimitedPaths, List<String> securedPaths,
			boolean denyOnOutage) {
		this.responses = responses;
		this.denyOnOutage = denyOnOutage;
		this.rateLimitedPaths = rateLimitedPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
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
			PathContainer container = PathContainer.parsePath(path);
			boolean rateLimited = matches(this.rateLimitedPaths, container);
			boolean secured = globallySecured || matches(this.securedPaths, container);
			for (Operation operation : operations(item)) {
				if (secured) {
					this.responses.secured(operation);
				}
				if (rateLimited) {
					// Last: every response documented so far may carry the rate-limit headers.
					this.responses.rateLimited(operation, this.denyOnOutage);
				}
			}
		});
	}

	private static boolean matches(List<PathPattern> patterns, PathContainer path) {
		return patterns.stream().anyMatch((pattern) -> pattern.matches(path));
	}

	private static List<Operation> operations(PathItem item) {
		return item.readOperations();
	}

}
