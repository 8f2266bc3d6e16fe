/**
 * Idempotency keys: the annotation, the store contract and its records.
 */
@NullMarked
package io.github.apiguard.idempotency;

import org.jspecify.annotations.NullMarked;
