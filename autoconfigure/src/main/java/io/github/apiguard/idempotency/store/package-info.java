/**
 * Idempotency stores: in memory and on Redis (Lua scripts).
 */
@NullMarked
package io.github.apiguard.idempotency.store;

import org.jspecify.annotations.NullMarked;
