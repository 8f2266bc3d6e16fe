/**
 * Telling clients apart, for idempotency scopes and rate limits.
 */
@NullMarked
package io.github.apiguard.client;

import org.jspecify.annotations.NullMarked;
