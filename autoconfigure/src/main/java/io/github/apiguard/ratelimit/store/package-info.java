/**
 * Rate limiters: in memory (one node), on Redis (one Lua script per decision) and the fail-over that decides
 * what an outage of Redis means.
 */
@NullMarked
package io.github.apiguard.ratelimit.store;

import org.jspecify.annotations.NullMarked;
