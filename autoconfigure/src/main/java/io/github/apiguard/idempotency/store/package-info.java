/**
 * Idempotency stores: in memory (Caffeine) and on Redis (Lua scripts).
 */
@NullMarked
package io.github.apiguard.idempotency.store;

import org.jspecify.annotations.NullMarked;
