package io.github.apiguard.ratelimit.web;

import io.github.apiguard.ratelimit.RateLimited;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Checks at start-up that every {@link RateLimited @RateLimited} handler names a configured policy and a
 * positive cost, so a typo fails the application's start rather than its first request.
 */
public class RateLimitedHandlers implements SmartInitializingSingleton {

	private final ObjectProvider<RequestMappingHandlerMapping> mappings;

	private final Set<String> policies;

	/**
	 * Creates the check.
	 * @param mappings the application's handler mappings
	 * @param policies the names of the configured policies
	 */
	public RateLimitedHandlers(ObjectProvider<RequestMappingHandlerMapping> mappings, Set<String> policies) {
		this.mappings = mappings;
		this.policies = Set.copyOf(policies);
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> problems = new ArrayList<>();
		this.mappings.orderedStream().forEach((mapping) -> {
			for (HandlerMethod method : mapping.getHandlerMethods().values()) {
				RateLimited annotation = RateLimitInterceptor.annotation(method);
				if (annotation == null) {
					continue;
				}
				if (!this.policies.contains(annotation.policy())) {
					problems.add(method + " names policy '" + annotation.policy() + "'");
				}
				if (annotation.cost() < 1) {
					problems.add(method + " has cost " + annotation.cost() + "; the cost must be at least 1");
				}
			}
		});
		if (!problems.isEmpty()) {
			throw new IllegalStateException("@RateLimited handlers refer to unknown policies or invalid costs "
					+ "(configured under apiguard.rate-limit.policies: " + this.policies + "):\n  "
					+ String.join("\n  ", problems));
		}
	}

}
