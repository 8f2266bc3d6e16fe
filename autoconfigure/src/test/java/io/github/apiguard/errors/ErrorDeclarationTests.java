package io.github.apiguard.errors;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.apiguard.errors.mapping.AnnotationExceptionMapper;
import io.github.apiguard.errors.mapping.PropertiesExceptionMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorDeclarationTests {

	private final ErrorCatalog catalog = ErrorCatalog.defaults();

	@Test
	void anAnnotationAndAPropertiesMappingOfTheSameDeclarationAnswerAlike() {
		ApiError annotated = new AnnotationExceptionMapper().map(new Annotated(), this.catalog);
		ApiError configured = new PropertiesExceptionMapper(Map.of(Configured.class.getName(),
				new ErrorDeclaration(503, "maintenance", "Back soon.", Retry.NO)))
			.map(new Configured(), this.catalog);
		assertThat(annotated).isNotNull();
		assertThat(configured).isNotNull();
		assertThat(configured.status()).isEqualTo(annotated.status()).isEqualTo(503);
		assertThat(configured.code()).isEqualTo(annotated.code()).isEqualTo("maintenance");
		assertThat(configured.message()).isEqualTo(annotated.message()).isEqualTo("Back soon.");
		assertThat(configured.retryable()).isEqualTo(annotated.retryable()).isFalse();
	}

	@Test
	void anUnsetRetryabilityFollowsTheStatus() {
		ErrorDeclaration declaration = new ErrorDeclaration(409, null, null, null);
		assertThat(declaration.retryable()).isEqualTo(Retry.BY_STATUS);
		assertThat(declaration.isRetryable()).isFalse();
		assertThat(new ErrorDeclaration(503, "", "", null).toError(this.catalog, null).build().retryable()).isTrue();
	}

	@Test
	void anEnumConstantsSpecReadsTheSameRetryability() {
		assertThat(Declared.GONE.retryable()).isFalse();
		assertThat(Declared.GONE.status()).isEqualTo(503);
	}

	@ApiErrorMapping(status = 503, code = "maintenance", message = "Back soon.", retryable = Retry.NO)
	static class Annotated extends RuntimeException {

	}

	static class Configured extends RuntimeException {

	}

	enum Declared implements ErrorCode {

		@ErrorSpec(status = 503, message = "Gone.", retryable = Retry.NO)
		GONE

	}

}
