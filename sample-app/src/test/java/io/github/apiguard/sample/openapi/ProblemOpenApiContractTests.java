package io.github.apiguard.sample.openapi;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The corpus under the {@code problem} profile: RFC 9457 bodies, {@code application/problem+json}.
 */
@ActiveProfiles("problem")
@Import(OpenApiContractTests.Clocks.class)
class ProblemOpenApiContractTests extends OpenApiContractTests {

}
