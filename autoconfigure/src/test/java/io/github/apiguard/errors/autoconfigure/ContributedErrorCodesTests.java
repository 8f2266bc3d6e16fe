package io.github.apiguard.errors.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.github.apiguard.client.autoconfigure.ClientAutoConfiguration;
import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.catalog.ErrorCodeEntry;
import io.github.apiguard.errors.catalog.RegisteredErrorCodes;
import io.github.apiguard.idempotency.IdempotencyErrorCode;
import io.github.apiguard.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.apiguard.ratelimit.RateLimitErrorCode;
import io.github.apiguard.ratelimit.autoconfigure.RateLimitAutoConfiguration;
import io.github.apiguard.requestid.autoconfigure.RequestIdAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codes of idempotency and quotas live with their features, which contribute them: the catalogue lists
 * them as apiguard's, spells and remaps them like HTTP's built-in codes.
 */
class ContributedErrorCodesTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, ErrorCatalogAutoConfiguration.class,
				RequestIdAutoConfiguration.class, ClientAutoConfiguration.class, IdempotencyAutoConfiguration.class,
				RateLimitAutoConfiguration.class));

	@Test
	void theCatalogueListsTheFeaturesCodesAsApiguards() {
		this.runner.run((context) -> {
			RegisteredErrorCodes codes = context.getBean(RegisteredErrorCodes.class);
			assertThat(codes.find("idempotency_in_flight")).hasValueSatisfying((entry) -> {
				assertThat(entry.status()).isEqualTo(409);
				assertThat(entry.retryable()).isTrue();
				assertThat(entry.source()).isEqualTo(ErrorCodeEntry.BUILT_IN);
				assertThat(entry.name()).isEqualTo("IDEMPOTENCY_IN_FLIGHT");
			});
			assertThat(codes.find("quota_exceeded")).hasValueSatisfying((entry) -> {
				assertThat(entry.status()).isEqualTo(429);
				assertThat(entry.source()).isEqualTo(ErrorCodeEntry.BUILT_IN);
			});
			assertThat(codes.entries("idempotency_conflict")).hasSize(1);
		});
	}

	@Test
	void theFeaturesCodesFollowTheCodeStyleAndTheirRemapping() {
		this.runner
			.withPropertyValues("apiguard.errors.code-style=upper-snake-case",
					"apiguard.errors.codes.idempotency-conflict.status=422",
					"apiguard.errors.codes.quota-exceeded.code=out_of_quota")
			.run((context) -> {
				ErrorCatalog catalog = context.getBean(ErrorCatalog.class);
				ApiError conflict = catalog.error(IdempotencyErrorCode.IDEMPOTENCY_CONFLICT).build();
				assertThat(conflict.status()).isEqualTo(422);
				assertThat(conflict.code()).isEqualTo("IDEMPOTENCY_CONFLICT");
				assertThat(catalog.error(RateLimitErrorCode.QUOTA_EXCEEDED).build().code()).isEqualTo("out_of_quota");
				assertThat(catalog.error(IdempotencyErrorCode.IDEMPOTENCY_KEY_MISSING).build().code())
					.isEqualTo("IDEMPOTENCY_KEY_MISSING");
			});
	}

	@Test
	void aRemappingOfNoKnownCodeFailsAtStartupNamingTheProperty() {
		this.runner.withPropertyValues("apiguard.errors.codes.not-a-code.status=400")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("apiguard.errors.codes.not-a-code")
				.hasMessageContaining("idempotency-conflict"));
	}

	@Test
	void aDisabledFeatureContributesNoCodes() {
		this.runner.withPropertyValues("apiguard.idempotency.enabled=false")
			.run((context) -> assertThat(context.getBean(RegisteredErrorCodes.class).find("idempotency_in_flight"))
				.isEmpty());
	}

}
