/**
 * Error envelopes: how a resolved error becomes a response body.
 */
@NullMarked
package io.github.apiguard.errors.envelope;

import org.jspecify.annotations.NullMarked;
