/**
 * The configuration both guards' stores share: the Redis key prefix and the outage settings.
 */
@NullMarked
package io.github.apiguard.store.autoconfigure;

import org.jspecify.annotations.NullMarked;
