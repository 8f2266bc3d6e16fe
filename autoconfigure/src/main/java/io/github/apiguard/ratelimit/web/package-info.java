/**
 * The Spring MVC side of rate limiting: the interceptor that charges each request, the endpoints it applies to,
 * and the mapping from decisions to rate-limit headers and errors.
 */
@NullMarked
package io.github.apiguard.ratelimit.web;

import org.jspecify.annotations.NullMarked;
