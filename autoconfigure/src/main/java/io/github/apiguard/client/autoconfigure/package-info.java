/**
 * Auto-configuration of client identification.
 */
@NullMarked
package io.github.apiguard.client.autoconfigure;

import org.jspecify.annotations.NullMarked;
