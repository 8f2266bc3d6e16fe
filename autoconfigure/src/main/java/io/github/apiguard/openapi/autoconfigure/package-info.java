/**
 * Auto-configuration of apiguard's springdoc-openapi integration.
 */
@NullMarked
package io.github.apiguard.openapi.autoconfigure;

import org.jspecify.annotations.NullMarked;
