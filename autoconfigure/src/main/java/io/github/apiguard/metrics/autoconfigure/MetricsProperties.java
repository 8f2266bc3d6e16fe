package io.github.apiguard.metrics.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of apiguard's metrics ({@code apiguard.metrics.*}).
 *
 * @param enabled Whether apiguard publishes metrics to the application's MeterRegistry and marks observations.
 * @param markHandledErrors Whether a 5xx that apiguard handled marks the request's observation (http.server.requests) with its exception, as an exception escaping the handler would.
 */
@ConfigurationProperties("apiguard.metrics")
public record MetricsProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("true") boolean markHandledErrors) {

}
