/**
 * Auto-configuration of apiguard's Micrometer metrics and observations.
 */
@NullMarked
package io.github.apiguard.metrics.autoconfigure;

import org.jspecify.annotations.NullMarked;
