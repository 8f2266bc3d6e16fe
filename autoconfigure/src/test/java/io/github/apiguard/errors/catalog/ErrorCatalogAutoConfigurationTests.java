package io.github.apiguard.errors.catalog;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.github.apiguard.errors.ErrorCode;
import io.github.apiguard.errors.ErrorSpec;
import io.github.apiguard.errors.autoconfigure.ErrorCatalogAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorCatalogAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ErrorsAutoConfiguration.class, ErrorCatalogAutoConfiguration.class));

	@Test
	void listsTheBuiltInCodesAsConfiguredThenTheEnumsNamedInProperties() {
		this.runner
			.withPropertyValues("apiguard.errors.code-style=upper-snake-case",
					"apiguard.errors.codes.validation-failed.code=VALIDATION_ERROR",
					"apiguard.errors.catalog.enums=" + StoreErrors.class.getName())
			.run((context) -> {
				RegisteredErrorCodes codes = context.getBean(RegisteredErrorCodes.class);
				assertThat(codes.find("VALIDATION_ERROR")).hasValueSatisfying((entry) -> {
					assertThat(entry.status()).isEqualTo(400);
					assertThat(entry.source()).isEqualTo("apiguard");
					assertThat(entry.name()).isEqualTo("VALIDATION_FAILED");
				});
				assertThat(codes.find("validation_failed")).isEmpty();
				assertThat(codes.find("STORE_NOT_FOUND")).hasValueSatisfying((entry) -> {
					assertThat(entry.status()).isEqualTo(404);
					assertThat(entry.retryable()).isFalse();
					assertThat(entry.message()).isEqualTo("Store does not exist");
					assertThat(entry.source()).isEqualTo(StoreErrors.class.getName());
				});
				assertThat(codes.entries().get(codes.entries().size() - 1).code()).isEqualTo("STORE_BUSY");
			});
	}

	@Test
	void listsTheCodesOfContributorBeans() {
		this.runner.withBean(ErrorCodeContributor.class, () -> ErrorCodeContributor.of(StoreErrors.class))
			.run((context) -> assertThat(context.getBean(RegisteredErrorCodes.class).find("STORE_BUSY"))
				.hasValueSatisfying((entry) -> assertThat(entry.retryable()).isTrue()));
	}

	@Test
	void failsStartupWhenAListedClassIsNoErrorCodeEnum() {
		this.runner.withPropertyValues("apiguard.errors.catalog.enums=java.lang.String")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("java.lang.String, which is not an enum implementing"));
	}

	@Test
	void exposesTheEndpointWhenActuatorMakesItAvailable() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=errorcodes").run((context) -> {
			ErrorCodesEndpoint endpoint = context.getBean(ErrorCodesEndpoint.class);
			assertThat(endpoint.errorCodes().codes()).extracting(ErrorCodeEntry::code).contains("not_found");
			assertThat(endpoint.errorCode("rate_limit_exceeded").codes()).singleElement()
				.satisfies((entry) -> assertThat(entry.status()).isEqualTo(429));
			assertThat(endpoint.errorCode("no_such_code")).isNull();
		});
	}

	@Test
	void doesNotExposeTheEndpointUnlessItIsExposed() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RegisteredErrorCodes.class);
			assertThat(context).doesNotHaveBean(ErrorCodesEndpoint.class);
		});
	}

	@Test
	void worksWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=errorcodes")
			.run((context) -> {
				assertThat(context).hasSingleBean(RegisteredErrorCodes.class);
				assertThat(context).doesNotHaveBean(ErrorCodesEndpoint.class);
			});
	}

	@Test
	void backsOffWithoutApiguardsErrors() {
		this.runner.withPropertyValues("apiguard.errors.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RegisteredErrorCodes.class));
	}

	@Test
	void failsStartupWhenAListedCodeHasNoErrorStatus() {
		this.runner.withPropertyValues("apiguard.errors.catalog.enums=" + MisdeclaredErrors.class.getName())
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(MisdeclaredErrors.class.getName() + ".STORE_MOVED")
				.hasMessageContaining("302")
				.hasMessageContaining("400"));
	}

	@Test
	void failsStartupWhenAContributedCodeHasNoErrorStatus() {
		this.runner.withBean(ErrorCodeContributor.class, () -> () -> java.util.List.of(new ErrorCode() {

			@Override
			public String code() {
				return "all_good";
			}

			@Override
			public int status() {
				return 200;
			}

			@Override
			public String defaultMessage() {
				return "Fine.";
			}

		}))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("all_good")
				.hasMessageContaining("200"));
	}

	enum MisdeclaredErrors implements ErrorCode {

		@ErrorSpec(status = 302, message = "The store moved.")
		STORE_MOVED

	}

	enum StoreErrors implements ErrorCode {

		@ErrorSpec(code = "STORE_NOT_FOUND", status = 404, message = "Store does not exist")
		STORE_NOT_FOUND,

		@ErrorSpec(code = "STORE_BUSY", status = 503, message = "Store is busy")
		STORE_BUSY

	}

}
