/**
 * The complete list of an API's error codes — apiguard's built-in codes as configured and the
 * application's own — for documentation (Markdown) and the {@code errorcodes} Actuator endpoint.
 */
@NullMarked
package io.github.apiguard.errors.catalog;

import org.jspecify.annotations.NullMarked;
