package io.github.apiguard.ratelimit.web;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link PathOverlap} decides ahead of requests must hold for every concrete path: tried exhaustively
 * over small routes, policies and paths, against Spring's own matcher.
 */
class PathOverlapTests {

	private static final List<String> SEGMENTS = List.of("a", "b", "{x}", "*", "a*", "{y:[ab]}");

	private static final List<String> CONCRETE = List.of("a", "b", "c", "ab");

	@Test
	void decidesTheCommonCases() {
		assertThat(PathOverlap.of("/v1/builds/{id}", "/v1/**")).isEqualTo(PathOverlap.Overlap.ALL);
		assertThat(PathOverlap.of("/v1/builds/{id}", "/v1/builds/special")).isEqualTo(PathOverlap.Overlap.SOME);
		assertThat(PathOverlap.of("/v1/builds/{id}", "/v2/**")).isEqualTo(PathOverlap.Overlap.NONE);
		assertThat(PathOverlap.of("/v1/builds", "/v1/builds/**")).isEqualTo(PathOverlap.Overlap.ALL);
		assertThat(PathOverlap.of("/v1/{id}/deployments", "/v1/*/deployments")).isEqualTo(PathOverlap.Overlap.ALL);
		assertThat(PathOverlap.of("/v1/**", "/v1/builds/**")).isEqualTo(PathOverlap.Overlap.SOME);
	}

	@Test
	void whatItDecidesHoldsForEveryPath() {
		List<String> patterns = patterns();
		List<String> paths = paths();
		int decided = 0;
		for (String route : patterns) {
			PathPattern routePattern = PathPatternParser.defaultInstance.parse(route);
			List<PathContainer> routePaths = paths.stream()
				.map(PathContainer::parsePath)
				.filter(routePattern::matches)
				.toList();
			for (String policy : patterns) {
				PathOverlap.Overlap overlap = PathOverlap.of(route, policy);
				if (overlap == PathOverlap.Overlap.SOME) {
					continue;
				}
				decided++;
				PathPattern policyPattern = PathPatternParser.defaultInstance.parse(policy);
				for (PathContainer path : routePaths) {
					assertThat(policyPattern.matches(path))
						.as("route %s, policy %s, decided %s, path %s", route, policy, overlap, path.value())
						.isEqualTo(overlap == PathOverlap.Overlap.ALL);
				}
			}
		}
		// Not a test that passes by deciding nothing.
		assertThat(decided).isGreaterThan(patterns.size() * 10);
	}

	private static List<String> patterns() {
		List<String> patterns = new ArrayList<>();
		List<String> prefixes = new ArrayList<>(List.of(""));
		for (int depth = 1; depth <= 3; depth++) {
			List<String> next = new ArrayList<>();
			for (String prefix : prefixes) {
				for (String segment : SEGMENTS) {
					next.add(prefix + "/" + segment);
				}
			}
			prefixes = next;
			for (String pattern : next) {
				// Spring refuses a variable captured twice: not a pattern anyone can configure.
				if (pattern.indexOf("{x}") == pattern.lastIndexOf("{x}")
						&& pattern.indexOf("{y:") == pattern.lastIndexOf("{y:")) {
					patterns.add(pattern);
					patterns.add(pattern + "/**");
				}
			}
		}
		patterns.add("/**");
		return patterns;
	}

	private static List<String> paths() {
		List<String> paths = new ArrayList<>(List.of("/"));
		List<String> prefixes = new ArrayList<>(List.of(""));
		for (int depth = 1; depth <= 5; depth++) {
			List<String> next = new ArrayList<>();
			for (String prefix : prefixes) {
				for (String segment : CONCRETE) {
					next.add(prefix + "/" + segment);
				}
			}
			prefixes = next;
			paths.addAll(next);
		}
		return paths;
	}

}
