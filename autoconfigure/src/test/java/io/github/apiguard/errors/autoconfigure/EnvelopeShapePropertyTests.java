package io.github.apiguard.errors.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.github.apiguard.support.StartupFailures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unknown envelope shape fails the start. Spring Boot's enum binding already does so, and its failure
 * report names the property and lists the valid shapes, so apiguard adds nothing; this test keeps it so.
 */
class EnvelopeShapePropertyTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class));

	@Test
	void anUnknownShapeFailsTheStartListingTheValidOnes() {
		this.runner.withPropertyValues("apiguard.errors.envelope.shape=fancy").run((context) -> {
			assertThat(context).hasFailed();
			String report = StartupFailures.report(context.getStartupFailure());
			assertThat(report).contains("apiguard.errors.envelope.shape")
				.contains("fancy")
				.contains("The following values are valid")
				.contains("FLAT", "NESTED", "WRAPPED", "RESULT", "PROBLEM", "TEMPLATE");
		});
	}

	@Test
	void shapesBindRelaxed() {
		this.runner.withPropertyValues("apiguard.errors.envelope.shape=Problem")
			.run((context) -> assertThat(context.getBean(ErrorsProperties.class).envelope().shape().name())
				.isEqualTo("PROBLEM"));
	}

}
