/**
 * Auto-configuration of strict JSON request bodies.
 */
@NullMarked
package io.github.apiguard.json.autoconfigure;

import org.jspecify.annotations.NullMarked;
