package io.github.apiguard.sample.openapi;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The corpus under seed 004: result bodies ({@code status}, {@code data: null}, {@code error}) with
 * upper-snake-case codes and validation failures as a field list.
 */
@ActiveProfiles("seed-004")
@Import(OpenApiContractTests.Clocks.class)
class Seed004OpenApiContractTests extends OpenApiContractTests {

}
