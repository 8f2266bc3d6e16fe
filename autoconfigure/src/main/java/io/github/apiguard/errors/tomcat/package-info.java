/**
 * Tomcat's connector-level rejections in the error envelope.
 */
@NullMarked
package io.github.apiguard.errors.tomcat;

import org.jspecify.annotations.NullMarked;
