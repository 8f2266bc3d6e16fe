/**
 * How apiguard calls the listeners applications register for metrics: failures are contained.
 */
@NullMarked
package io.github.apiguard.listener;

import org.jspecify.annotations.NullMarked;
