/**
 * Auto-configuration of the error envelope.
 */
@NullMarked
package io.github.apiguard.errors.autoconfigure;

import org.jspecify.annotations.NullMarked;
