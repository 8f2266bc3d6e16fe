/**
 * Configuration both guards' Redis stores share.
 */
@NullMarked
package io.github.apiguard.store.autoconfigure;

import org.jspecify.annotations.NullMarked;
