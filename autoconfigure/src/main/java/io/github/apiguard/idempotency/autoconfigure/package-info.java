/**
 * Auto-configuration of idempotency keys.
 */
@NullMarked
package io.github.apiguard.idempotency.autoconfigure;

import org.jspecify.annotations.NullMarked;
