package io.github.apiguard.requestid;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is well-formed, otherwise a
 * generated UUID (a malformed value is replaced, never echoed). The id is set on the response, in the
 * logging MDC and as a request attribute ({@link RequestId#of}) for the error envelope. It runs on error
 * dispatches too, so that {@code /error} sees the same id.
 */
public class RequestIdFilter extends OncePerRequestFilter {

	private final String headerName;

	private final int maxLength;

	private final String mdcKey;

	/**
	 * Creates a filter.
	 * @param headerName the header read and written
	 * @param maxLength the longest client id accepted
	 * @param mdcKey the logging MDC key
	 */
	public RequestIdFilter(String headerName, int maxLength, String mdcKey) {
		this.headerName = headerName;
		this.maxLength = maxLength;
		this.mdcKey = mdcKey;
	}

	private static final String ALREADY_FILTERED = RequestIdFilter.class.getName() + ALREADY_FILTERED_SUFFIX;

	@Override
	protected String getAlreadyFilteredAttributeName() {
		// One constant per filter class: the base class concatenates the filter's name on every request, and
		// one instance of each of apiguard's filters per request is all there is to remember.
		return ALREADY_FILTERED;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = RequestId.of(request);
		if (id == null) {
			String supplied = request.getHeader(this.headerName);
			id = RequestId.isWellFormed(supplied, this.maxLength) ? supplied : RequestId.generate();
			request.setAttribute(RequestId.ATTRIBUTE, id);
		}
		response.setHeader(this.headerName, id);
		String previous = MDC.get(this.mdcKey);
		MDC.put(this.mdcKey, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (previous != null) {
				MDC.put(this.mdcKey, previous);
			}
			else {
				MDC.remove(this.mdcKey);
			}
		}
	}

}
