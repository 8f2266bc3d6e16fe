package io.github.apiguard.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StreamUtils;

/**
 * Loads a Lua script once, as text. A {@code DefaultRedisScript} pointed at a resource asks the resource
 * whether it was modified — under a lock — every time its SHA is needed, that is on every call; eight
 * threads then queue on that lock and on the jar. A script built from its text computes its SHA once, so
 * every call is a plain {@code EVALSHA}.
 */
public final class LuaScripts {

	private LuaScripts() {
	}

	/**
	 * Loads a script.
	 * @param <T> the result type
	 * @param location where the script is, relative to {@code base}
	 * @param base the class whose package holds the script
	 * @param resultType the result type
	 * @return the script
	 */
	public static <T> RedisScript<T> load(String location, Class<?> base, Class<T> resultType) {
		ClassPathResource resource = new ClassPathResource(location, base);
		try {
			return RedisScript.of(StreamUtils.copyToString(resource.getInputStream(), StandardCharsets.UTF_8), resultType);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the Lua script " + resource, ex);
		}
	}

}
