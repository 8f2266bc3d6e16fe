package io.github.apiguard.errors.catalog;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.CodeStyle;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorCode;
import io.github.apiguard.errors.SimpleErrorCode;
import io.github.apiguard.idempotency.IdempotencyErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

class RegisteredErrorCodesTests {

	@Test
	void rendersEveryCodeAsAMarkdownTableOrderedByStatus() {
		ErrorCatalog catalog = new ErrorCatalog(CodeStyle.SNAKE_CASE,
				List.of(IdempotencyErrorCode.values()), Map.of());
		RegisteredErrorCodes codes = new RegisteredErrorCodes(catalog,
				List.of(ErrorCode.of("build_not_ready", 409, "The build is still processing.")));
		String markdown = codes.toMarkdown();
		assertThat(markdown).startsWith("| Code | Status | Retryable | Message |\n|---|---|---|---|\n"
				+ "| `invalid_request` | 400 | no | The request is malformed or missing required parameters. |\n");
		assertThat(markdown).contains("| `build_not_ready` | 409 | no | The build is still processing. |\n")
			.contains("| `idempotency_in_flight` | 409 | yes |")
			.contains("| `rate_limit_exceeded` | 429 | yes | Too many requests. Retry later. |\n")
			.endsWith("| `gateway_timeout` | 504 | yes | An upstream service timed out. Please try again later. |\n");
		assertThat(markdown.lines().count())
			.isEqualTo(2 + BuiltInErrorCode.values().length + IdempotencyErrorCode.values().length + 1);
	}

	@Test
	void listsTheSeed003CatalogueAsConfigured() {
		ErrorCatalog seed003 = new ErrorCatalog(CodeStyle.UPPER_SNAKE_CASE, Map.of(BuiltInErrorCode.VALIDATION_FAILED,
				new SimpleErrorCode("VALIDATION_ERROR", 400, "The request failed validation.", false, null)));
		RegisteredErrorCodes codes = new RegisteredErrorCodes(seed003,
				List.of(ErrorCode.of("TOKEN_EXPIRED", 401, "Token has expired")));
		assertThat(codes.toMarkdown()).contains("| `VALIDATION_ERROR` | 400 | no |")
			.contains("| `UNAUTHORIZED` | 401 | no |")
			.contains("| `TOKEN_EXPIRED` | 401 | no | Token has expired |")
			.contains("| `RATE_LIMIT_EXCEEDED` | 429 | yes |")
			.doesNotContain("validation_failed");
	}

	@Test
	void escapesPipesAndLineBreaksInMessages() {
		RegisteredErrorCodes codes = new RegisteredErrorCodes(ErrorCatalog.defaults(),
				List.of(ErrorCode.of("odd", 400, "a | b\nc")));
		assertThat(codes.toMarkdown()).contains("| `odd` | 400 | no | a \\| b c |\n");
	}

	@Test
	void listsACodeRegisteredTwiceOnce() {
		ErrorCode code = ErrorCode.of("build_not_ready", 409, "The build is still processing.");
		RegisteredErrorCodes codes = new RegisteredErrorCodes(ErrorCatalog.defaults(), List.of(code, code));
		assertThat(codes.entries("build_not_ready")).hasSize(1);
	}

}
