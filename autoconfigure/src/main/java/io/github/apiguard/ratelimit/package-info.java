/**
 * Rate limits and quotas: limits, decisions, the in-memory and Redis limiters, and the interceptor that enforces them.
 */
@NullMarked
package io.github.apiguard.ratelimit;

import org.jspecify.annotations.NullMarked;
