/**
 * Exception mappers: how exceptions become errors.
 */
@NullMarked
package io.github.apiguard.errors.mapping;

import org.jspecify.annotations.NullMarked;
