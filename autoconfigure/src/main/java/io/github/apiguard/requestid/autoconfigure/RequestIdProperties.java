package io.github.apiguard.requestid.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of request ids ({@code apiguard.request-id.*}).
 *
 * @param enabled Whether every request gets an id, echoed in a header, the logging MDC and the envelope.
 * @param header The header read from the client and written on every response.
 * @param maxLength The longest client-supplied id that is echoed; longer or otherwise malformed ids are
 * replaced by a generated UUID.
 * @param mdcKey The logging MDC key.
 */
@ConfigurationProperties("apiguard.request-id")
public record RequestIdProperties(@DefaultValue("true") boolean enabled, @DefaultValue("X-Request-Id") String header,
		@DefaultValue("128") int maxLength, @DefaultValue("requestId") String mdcKey) {

}
