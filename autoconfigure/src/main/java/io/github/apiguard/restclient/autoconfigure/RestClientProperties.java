package io.github.apiguard.restclient.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the RestClient integration ({@code apiguard.rest-client.*}).
 *
 * @param errorHandler Whether RestClient.Builder beans get apiguard's status handler, turning error responses (in any apiguard shape or RFC 9457) into RemoteApiException with code, message, details, request id and Retry-After.
 */
@ConfigurationProperties("apiguard.rest-client")
public record RestClientProperties(boolean errorHandler) {

}
