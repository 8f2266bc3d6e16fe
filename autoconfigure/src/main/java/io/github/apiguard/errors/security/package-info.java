/**
 * Spring Security's 401 and 403 in the error envelope.
 */
@NullMarked
package io.github.apiguard.errors.security;

import org.jspecify.annotations.NullMarked;
