/**
 * Calling APIs that answer in apiguard's envelope: errors become typed exceptions with their code.
 */
@NullMarked
package io.github.apiguard.restclient;

import org.jspecify.annotations.NullMarked;
