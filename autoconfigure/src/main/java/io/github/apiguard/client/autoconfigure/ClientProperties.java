package io.github.apiguard.client.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How apiguard tells clients apart ({@code apiguard.client.*}), for idempotency scopes and rate limits: by
 * the authenticated principal, else by address. Behind a proxy, the client address comes from the server
 * ({@code server.forward-headers-strategy=native}), not from a property here.
 *
 * @param ipv6PrefixLength Leading bits of an IPv6 address that identify an anonymous client, 1 to 128: one
 * subscriber commonly holds a whole /64 (or /56, /48). IPv4 addresses are always whole.
 */
@ConfigurationProperties("apiguard.client")
public record ClientProperties(@DefaultValue("64") int ipv6PrefixLength) {

}
