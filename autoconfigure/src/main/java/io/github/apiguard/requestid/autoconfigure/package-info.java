/**
 * Auto-configuration of request ids.
 */
@NullMarked
package io.github.apiguard.requestid.autoconfigure;

import org.jspecify.annotations.NullMarked;
