/**
 * Metrics and observations of apiguard's features with Micrometer: errors by code and status, rate-limit
 * and idempotency outcomes, and the latency of their stores. Every tag is of low cardinality.
 */
@NullMarked
package io.github.apiguard.metrics;

import org.jspecify.annotations.NullMarked;
