/**
 * What every apiguard feature shares: the order of its filters and interceptors ({@link io.github.apiguard.ApiguardOrder}).
 */
@NullMarked
package io.github.apiguard;

import org.jspecify.annotations.NullMarked;
