package io.github.apiguard.sample.openapi;

import java.util.Set;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The corpus under seed 002: nested bodies, validation as 422 and the quota as 402. A public key's quota is
 * made smaller than its per-minute limit, so that the corpus meets the 402.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apiguard.rate-limit.policies.api.limits[public_key][0].name=per-minute",
				"apiguard.rate-limit.policies.api.limits[public_key][0].limit=60",
				"apiguard.rate-limit.policies.api.limits[public_key][0].period=1m",
				"apiguard.rate-limit.policies.api.limits[public_key][1].name=monthly",
				"apiguard.rate-limit.policies.api.limits[public_key][1].limit=5",
				"apiguard.rate-limit.policies.api.limits[public_key][1].calendar=month" })
@ActiveProfiles("seed-002")
@Import(OpenApiContractTests.Clocks.class)
class Seed002OpenApiContractTests extends OpenApiContractTests {

	@Override
	Set<Integer> expectedStatuses() {
		return Set.of(200, 201, 400, 401, 402, 403, 404, 405, 406, 409, 413, 415, 422, 500, 503);
	}

}
