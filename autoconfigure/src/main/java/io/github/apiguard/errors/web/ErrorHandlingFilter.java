package io.github.apiguard.errors.web;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Renders exceptions thrown by servlet filters (which Spring MVC's advice never sees) in the configured
 * envelope, with its {@code Content-Type}. It sits near the front of the chain, behind the request id.
 * <p>
 * It also renders the errors that code behind it reports by status alone, right here rather than on the
 * container's error dispatch — which an application's security rules may well deny to the very client
 * being refused (with {@code anyRequest().authenticated()}, a 401 from {@code httpBasic()} would arrive with
 * no body):
 * <ul>
 * <li>{@code sendError(status)}: the status is kept, later writes are discarded (as the container would),
 * and the error is rendered once the chain returns;</li>
 * <li>an error status set without a body — Spring Security's {@code BearerTokenAuthenticationEntryPoint},
 * for one, answers 401 with only its {@code WWW-Authenticate} challenge.</li>
 * </ul>
 * Headers already set (a challenge, a request id, CORS) are kept; a body already started is left alone.
 */
public class ErrorHandlingFilter extends OncePerRequestFilter {

	private final ApiErrorRenderer renderer;

	/**
	 * Creates the filter.
	 * @param renderer the renderer
	 */
	public ErrorHandlingFilter(ApiErrorRenderer renderer) {
		this.renderer = renderer;
	}

	private static final String ALREADY_FILTERED = ErrorHandlingFilter.class.getName() + ALREADY_FILTERED_SUFFIX;

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
		ErrorStatusResponse tracking = new ErrorStatusResponse(response);
		try {
			chain.doFilter(request, tracking);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			if (response.isCommitted()) {
				throw ex;
			}
			this.renderer.write(ex, request, response);
			return;
		}
		if (request.isAsyncStarted()) {
			// The asynchronous dispatch writes through this wrapper too, with no filter after it to render.
			tracking.passThrough();
			return;
		}
		if (tracking.needsErrorBody() && !response.isCommitted()) {
			this.renderer.write(response.getStatus(), request, response);
		}
	}

	/**
	 * Keeps {@code sendError} from going to the container and tells whether an error status still needs its
	 * body.
	 */
	private static final class ErrorStatusResponse extends HttpServletResponseWrapper {

		private boolean bodyStarted;

		private boolean errorSent;

		private boolean passThrough;

		private @Nullable ServletOutputStream discarding;

		private @Nullable PrintWriter discardingWriter;

		ErrorStatusResponse(HttpServletResponse response) {
			super(response);
		}

		void passThrough() {
			this.passThrough = true;
		}

		boolean needsErrorBody() {
			return this.errorSent || (!this.bodyStarted && getStatus() >= 400);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.errorSent) {
				if (this.discarding == null) {
					this.discarding = new DiscardingOutputStream();
				}
				return this.discarding;
			}
			this.bodyStarted = true;
			return super.getOutputStream();
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			if (this.errorSent) {
				if (this.discardingWriter == null) {
					this.discardingWriter = new PrintWriter(getOutputStream());
				}
				return this.discardingWriter;
			}
			this.bodyStarted = true;
			return super.getWriter();
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			sendError(status);
		}

		@Override
		public void sendError(int status) throws IOException {
			if (status < 400 || isCommitted() || this.passThrough) {
				// Not an error, or too late for one: the container's own handling applies.
				super.sendError(status);
				return;
			}
			resetBuffer();
			setStatus(status);
			this.errorSent = true;
		}

		@Override
		public void sendRedirect(String location) throws IOException {
			this.bodyStarted = true;
			super.sendRedirect(location);
		}

		@Override
		public void flushBuffer() throws IOException {
			if (!this.errorSent) {
				// Once an error is pending nothing may commit the response before its body is rendered.
				super.flushBuffer();
			}
		}

		@Override
		public void setStatus(int status) {
			if (!this.errorSent) {
				super.setStatus(status);
			}
		}

		private static final class DiscardingOutputStream extends ServletOutputStream {

			@Override
			public void write(int b) {
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
			}

		}

	}

}
