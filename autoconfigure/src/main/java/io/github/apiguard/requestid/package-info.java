/**
 * Request ids: one per request, echoed, logged and rendered.
 */
@NullMarked
package io.github.apiguard.requestid;

import org.jspecify.annotations.NullMarked;
