package io.github.apiguard.sample;

import io.github.apiguard.errors.ErrorCode;
import io.github.apiguard.errors.ErrorSpec;
import io.github.apiguard.errors.Retry;

/**
 * The sample API's own error catalogue, beside apiguard's built-in codes: one annotated constant per code.
 */
public enum SampleErrors implements ErrorCode {

	/** The build is still processing; retry the same request (same Idempotency-Key) later. */
	@ErrorSpec(status = 409, message = "The build is still processing. Retry shortly.", retryable = Retry.YES)
	BUILD_NOT_READY

}
