/**
 * Strict JSON request bodies: a value of the wrong type is the client's mistake, never coerced.
 */
@NullMarked
package io.github.apiguard.json;

import org.jspecify.annotations.NullMarked;
