package io.github.apiguard.restclient.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the RestClient integration ({@code apiguard.rest-client.*}).
 *
 * @param enabled Whether RestClient.Builder beans get apiguard's status handler, turning error responses (in any apiguard shape or RFC 9457) into RemoteApiException with code, message, details, request id and Retry-After.
 * @param maxErrorBodySize The most of an error body the status handler reads; a larger body is left unread and its code is unknown.
 */
@ConfigurationProperties("apiguard.rest-client")
public record RestClientProperties(boolean enabled, @DefaultValue("64KB") DataSize maxErrorBodySize) {

}
