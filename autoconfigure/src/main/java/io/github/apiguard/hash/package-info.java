/**
 * The hashing shared by apiguard's features (client keys, idempotency keys and fingerprints). Internal.
 */
@NullMarked
package io.github.apiguard.hash;

import org.jspecify.annotations.NullMarked;
