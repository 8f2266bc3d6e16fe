/**
 * The configuration shared by the stores of idempotency and rate limits.
 */
@NullMarked
package io.github.apiguard.store.autoconfigure;

import org.jspecify.annotations.NullMarked;
