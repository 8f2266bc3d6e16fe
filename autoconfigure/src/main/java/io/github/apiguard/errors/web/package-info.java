/**
 * The Spring MVC side of the error envelope: the one renderer and every path that uses it.
 */
@NullMarked
package io.github.apiguard.errors.web;

import org.jspecify.annotations.NullMarked;
