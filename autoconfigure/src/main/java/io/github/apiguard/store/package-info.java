/**
 * What the stores of idempotency and rate limits share.
 */
@NullMarked
package io.github.apiguard.store;

import org.jspecify.annotations.NullMarked;
