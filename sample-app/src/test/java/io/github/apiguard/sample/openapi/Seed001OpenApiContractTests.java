package io.github.apiguard.sample.openapi;

import java.util.Set;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The corpus under seed 001: nested bodies with the request id in the error object, codes remapped onto
 * fewer ones (a 405 as {@code invalid_request}, the idempotency conflicts as {@code conflict}) and a key
 * required on every write.
 */
@ActiveProfiles("seed-001")
@Import(OpenApiContractTests.Clocks.class)
class Seed001OpenApiContractTests extends OpenApiContractTests {

	@Override
	Set<Integer> expectedStatuses() {
		// Seed 001 answers an unprocessable request as internal_error: there is no 422.
		return Set.of(200, 201, 400, 401, 403, 404, 405, 406, 409, 413, 415, 429, 500, 503);
	}

}
