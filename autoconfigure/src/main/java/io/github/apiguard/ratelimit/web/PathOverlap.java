package io.github.apiguard.ratelimit.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Whether a policy's path pattern matches every path a route can match, none of them, or only some. Decided
 * segment by segment, and only where that is certain: whatever this cannot prove is {@link Overlap#SOME},
 * which the interceptor answers by matching the request's path, as it always did.
 */
final class PathOverlap {

	/** How a policy pattern relates to the paths of a route. */
	enum Overlap {

		/** Every path the route matches is matched by the policy pattern. */
		ALL,

		/** No path the route matches is matched by the policy pattern. */
		NONE,

		/** Some, or not provably all or none: matched per request. */
		SOME

	}

	private PathOverlap() {
	}

	/**
	 * Relates a route pattern to a policy pattern.
	 * @param route the route's pattern, e.g. {@code /v1/builds/{id}}
	 * @param policy the policy's pattern, e.g. {@code /v1/**}
	 * @return the overlap
	 */
	static Overlap of(String route, String policy) {
		if (!route.startsWith("/") || !policy.startsWith("/")) {
			return Overlap.SOME;
		}
		Segments routeSegments = Segments.of(route);
		if (routeSegments.literal()) {
			// A route without variables matches one path: the policy's own matcher answers exactly.
			PathPattern pattern = PathPatternParser.defaultInstance.parse(policy);
			return pattern.matches(PathContainer.parsePath(route)) ? Overlap.ALL : Overlap.NONE;
		}
		Segments policySegments = Segments.of(policy);
		List<String> r = routeSegments.fixed();
		List<String> p = policySegments.fixed();
		if (routeSegments.invalid() || policySegments.invalid()) {
			return Overlap.SOME;
		}
		boolean uncertain = false;
		for (int i = 0; i < Math.min(r.size(), p.size()); i++) {
			Overlap segment = segment(r.get(i), p.get(i));
			if (segment == Overlap.NONE) {
				return Overlap.NONE;
			}
			uncertain |= segment == Overlap.SOME;
		}
		int n = r.size();
		int m = p.size();
		if (policySegments.tail()) {
			if (n >= m) {
				// The route's further segments, and its own tail, all fall in the policy's tail.
				return uncertain ? Overlap.SOME : Overlap.ALL;
			}
			return routeSegments.tail() ? Overlap.SOME : Overlap.NONE;
		}
		if (routeSegments.tail()) {
			return (n > m) ? Overlap.NONE : Overlap.SOME;
		}
		if (n != m) {
			return Overlap.NONE;
		}
		return uncertain ? Overlap.SOME : Overlap.ALL;
	}

	private static Overlap segment(String route, String policy) {
		if (isLiteral(route)) {
			if (route.isEmpty()) {
				return Overlap.SOME;
			}
			// One concrete segment: the policy segment's own matcher answers exactly.
			return PathPatternParser.defaultInstance.parse("/" + policy).matches(PathContainer.parsePath("/" + route))
					? Overlap.ALL : Overlap.NONE;
		}
		// A captured route segment matches at least one character; "*" and a plain capture match any such. A
		// route's "*" matches an empty segment too, which a policy's tail may not: left to the request.
		if (isCapture(route) && (policy.equals("*") || isCapture(policy))) {
			return Overlap.ALL;
		}
		return Overlap.SOME;
	}

	private static boolean isLiteral(String segment) {
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			if (c == '*' || c == '?' || c == '{' || c == '}' || c == '\\' || c == '%' || c == ';') {
				return false;
			}
		}
		return true;
	}

	/** A plain capture, {@code {name}}: any one non-empty segment. */
	private static boolean isCapture(String segment) {
		if (segment.length() < 3 || segment.charAt(0) != '{' || segment.charAt(segment.length() - 1) != '}') {
			return false;
		}
		for (int i = 1; i < segment.length() - 1; i++) {
			char c = segment.charAt(i);
			if (!Character.isLetterOrDigit(c) && c != '_' && c != '-') {
				return false;
			}
		}
		return true;
	}

	/**
	 * A pattern's segments: fixed ones, and whether a multi-segment tail ({@code /**}, {@code /{*rest}})
	 * ends it. A {@code **} anywhere else, or a capture spanning segments, makes it {@code invalid} here
	 * (not for Spring): then nothing is decided.
	 */
	private record Segments(List<String> fixed, boolean tail, boolean invalid, boolean literal) {

		static Segments of(String pattern) {
			String[] parts = pattern.substring(1).split("/", -1);
			List<String> fixed = new ArrayList<>();
			boolean tail = false;
			boolean invalid = false;
			boolean literal = true;
			for (int i = 0; i < parts.length; i++) {
				String part = parts[i];
				boolean last = i == parts.length - 1;
				if (part.equals("**") || (part.startsWith("{*") && part.endsWith("}"))) {
					tail = last;
					invalid |= !last;
					literal = false;
				}
				else if (part.contains("**")) {
					invalid = true;
					literal = false;
				}
				else {
					if (part.indexOf('{') != part.lastIndexOf('{')) {
						// Several captures in one segment, or a regex with braces: not decided here.
						invalid = true;
					}
					literal &= isLiteral(part);
					fixed.add(part);
				}
			}
			return new Segments(fixed, tail, invalid, literal);
		}

	}

}
