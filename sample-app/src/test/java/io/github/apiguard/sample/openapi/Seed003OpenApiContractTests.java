package io.github.apiguard.sample.openapi;

import java.util.Set;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The corpus under seed 003: wrapped bodies with a numeric {@code code}, UPPER_SNAKE codes, a promoted
 * {@code tier} detail, and a missing scope answered as 404 instead of 403.
 */
@ActiveProfiles("seed-003")
@Import(OpenApiContractTests.Clocks.class)
class Seed003OpenApiContractTests extends OpenApiContractTests {

	@Override
	Set<Integer> expectedStatuses() {
		return Set.of(200, 201, 400, 401, 404, 405, 406, 409, 413, 415, 422, 429, 500, 503);
	}

}
