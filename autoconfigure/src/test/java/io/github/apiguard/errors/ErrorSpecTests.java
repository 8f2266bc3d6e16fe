package io.github.apiguard.errors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ErrorSpecTests {

	@Test
	void anAnnotatedConstantNeedsNoAccessors() {
		assertThat(Declared.BUILD_NOT_READY.code()).isEqualTo("build_not_ready");
		assertThat(Declared.BUILD_NOT_READY.status()).isEqualTo(409);
		assertThat(Declared.BUILD_NOT_READY.defaultMessage()).isEqualTo("Still processing.");
		assertThat(Declared.BUILD_NOT_READY.retryable()).isTrue();
		assertThat(Declared.BUILD_NOT_READY.title()).isNull();
	}

	@Test
	void codeTitleAndRetryabilityCanBeDeclaredOrFollowTheStatus() {
		assertThat(Declared.STORAGE_DOWN.code()).isEqualTo("STORAGE_DOWN_ERROR");
		assertThat(Declared.STORAGE_DOWN.retryable()).isTrue();
		assertThat(Declared.STORAGE_DOWN.title()).isEqualTo("Storage");
		assertThat(Declared.GONE_FOR_GOOD.retryable()).isFalse();
	}

	@Test
	void anEnumImplementingItsAccessorsNeedsNoAnnotation() {
		assertThat(HandWritten.TEAPOT.code()).isEqualTo("teapot");
		assertThat(HandWritten.TEAPOT.retryable()).isFalse();
		assertThat(HandWritten.TEAPOT.title()).isNull();
	}

	@Test
	void aConstantWithNeitherSaysWhatIsMissing() {
		assertThatIllegalStateException().isThrownBy(Undeclared.OOPS::code)
			.withMessageContaining("@ErrorSpec")
			.withMessageContaining("OOPS");
	}

	@Test
	void theCatalogueRendersAnAnnotatedCode() {
		ApiError error = ErrorCatalog.defaults().error(Declared.BUILD_NOT_READY).build();
		assertThat(error.code()).isEqualTo("build_not_ready");
		assertThat(error.status()).isEqualTo(409);
		assertThat(error.retryable()).isTrue();
	}

	enum Declared implements ErrorCode {

		@ErrorSpec(status = 409, message = "Still processing.", retryable = Retry.YES)
		BUILD_NOT_READY,

		@ErrorSpec(code = "STORAGE_DOWN_ERROR", status = 503, message = "Storage is down.", title = "Storage")
		STORAGE_DOWN,

		@ErrorSpec(status = 500, message = "Gone for good.", retryable = Retry.NO)
		GONE_FOR_GOOD

	}

	enum HandWritten implements ErrorCode {

		TEAPOT;

		@Override
		public String code() {
			return "teapot";
		}

		@Override
		public int status() {
			return 418;
		}

		@Override
		public String defaultMessage() {
			return "I'm a teapot.";
		}

	}

	enum Undeclared implements ErrorCode {

		OOPS

	}

}
