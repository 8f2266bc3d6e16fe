package io.github.apiguard.errors.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of translated error messages ({@code apiguard.errors.messages.*}).
 *
 * @param enabled Whether error messages are translated by code through the application's MessageSource, in the request's locale (Accept-Language).
 * @param prefix The prefix of message keys: the key of code not_found is <prefix>not_found.
 */
@ConfigurationProperties("apiguard.errors.messages")
public record ErrorMessagesProperties(boolean enabled, @DefaultValue("apiguard.error.") String prefix) {

}
