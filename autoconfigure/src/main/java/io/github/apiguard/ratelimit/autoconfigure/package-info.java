/**
 * Auto-configuration of rate limits.
 */
@NullMarked
package io.github.apiguard.ratelimit.autoconfigure;

import org.jspecify.annotations.NullMarked;
