package io.github.apiguard.json.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How apiguard configures the application's JSON mapper.
 *
 * @param enabled Whether a JSON value of another type than the declared one (a number or boolean for a
 * string, a string or fraction for an integer, a number or string for a boolean) is refused with 400 instead
 * of being converted.
 */
@ConfigurationProperties("apiguard.json")
public record JsonProperties(@DefaultValue("true") boolean enabled) {

}
