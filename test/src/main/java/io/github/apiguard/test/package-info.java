/**
 * AssertJ assertions on apiguard error responses for an API's own tests:
 * {@code assertThat(result).hasErrorCode("not_found")}, whatever the envelope's shape.
 */
@NullMarked
package io.github.apiguard.test;

import org.jspecify.annotations.NullMarked;
