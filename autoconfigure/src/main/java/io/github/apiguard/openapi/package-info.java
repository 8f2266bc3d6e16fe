/**
 * springdoc-openapi integration: the configured error envelope as a schema component and, on each
 * operation, the error responses apiguard can answer it with.
 */
@NullMarked
package io.github.apiguard.openapi;

import org.jspecify.annotations.NullMarked;
