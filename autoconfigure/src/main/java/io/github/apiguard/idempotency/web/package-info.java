/**
 * The Spring MVC side of idempotency keys: the filter, the interceptor and lease renewal.
 */
@NullMarked
package io.github.apiguard.idempotency.web;

import org.jspecify.annotations.NullMarked;
