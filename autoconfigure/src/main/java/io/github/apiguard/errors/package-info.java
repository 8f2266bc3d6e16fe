/**
 * The error contract a controller author uses: error codes, {@link io.github.apiguard.errors.ApiException} and the ready exceptions, and the effective catalogue.
 */
@NullMarked
package io.github.apiguard.errors;

import org.jspecify.annotations.NullMarked;
