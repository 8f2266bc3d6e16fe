package io.github.apiguard.openapi;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.openapi.autoconfigure.OpenApiAutoConfiguration;
import io.github.apiguard.ratelimit.web.QuotaExceededProblem;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ErrorsAutoConfiguration.class, OpenApiAutoConfiguration.class));

	@Test
	void customizesTheDocumentWithSpringdoc() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ApiguardOpenApiCustomizer.class);
			assertThat(context).hasSingleBean(ApiguardOperationCustomizer.class);
			assertThat(context.getBean(ErrorResponses.class).schemaName()).isEqualTo("ApiError");
		});
	}

	@Test
	void backsOffWithoutSpringdoc() {
		this.runner.withClassLoader(new FilteredClassLoader(OpenApiCustomizer.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ErrorResponses.class);
		});
	}

	@Test
	void backsOffWithoutApiguardsErrorsOrWhenSwitchedOff() {
		this.runner.withPropertyValues("apiguard.errors.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ErrorResponses.class));
		this.runner.withPropertyValues("apiguard.openapi.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ErrorResponses.class));
	}

	@Test
	void theSchemaFollowsTheConfiguredShape() {
		this.runner.withPropertyValues("apiguard.errors.envelope.shape=wrapped", "apiguard.openapi.schema-name=Error")
			.run((context) -> {
				ErrorResponses responses = context.getBean(ErrorResponses.class);
				assertThat(responses.schemaName()).isEqualTo("Error");
				assertThat(responses.schema().getProperties()).containsKeys("code", "status", "message", "error");
				assertThat(responses.schema().getProperties().get("code").getType()).isEqualTo("integer");
				assertThat(responses.schema().getProperties().get("error").getProperties()).containsKeys("code",
						"message", "details");
			});
	}

	@Test
	void theProblemShapeDescribesTheQuotaExceededTypeAndItsViolatedPolicies() {
		this.runner
			.withPropertyValues("apiguard.errors.envelope.shape=problem",
					"apiguard.errors.envelope.problem-type-base=https://errors.example.com/")
			.run((context) -> {
				ErrorResponses responses = context.getBean(ErrorResponses.class);
				Schema<?> violated = responses.schema().getProperties().get("violated-policies");
				assertThat(violated).as("violated-policies").isNotNull();
				assertThat(violated.getType()).isEqualTo("array");
				assertThat(violated.getItems().getType()).isEqualTo("string");
				assertThat(responses.schema().getRequired()).doesNotContain("violated-policies");
				Operation operation = new Operation();
				responses.rateLimited(operation, false);
				Map<?, ?> example = (Map<?, ?>) operation.getResponses()
					.get("429")
					.getContent()
					.get("application/problem+json")
					.getExamples()
					.get("rate_limit_exceeded")
					.getValue();
				assertThat(example.get("type")).isEqualTo(QuotaExceededProblem.TYPE);
				assertThat(example.get("violated-policies")).isEqualTo(List.of("per-minute"));
			});
	}

}
