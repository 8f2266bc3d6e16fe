package io.github.apiguard.errors.tomcat;

import java.util.function.Supplier;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;

import io.github.apiguard.errors.web.ApiErrorRenderer;
import io.github.apiguard.requestid.RequestId;

/**
 * Tomcat's error report, in the envelope. Tomcat answers some requests before any servlet or filter runs —
 * an unparseable request line, an encoded slash or NUL in the path, headers over the size limit — and
 * writes an HTML page for them. This valve takes the place of Tomcat's {@link ErrorReportValve} and renders
 * those answers through the same {@link ApiErrorRenderer}.
 */
public class EnvelopeErrorReportValve extends ErrorReportValve {

	private final Supplier<ApiErrorRenderer> renderer;

	/**
	 * Creates the valve.
	 * @param renderer supplies the renderer (looked up lazily, after the context has started)
	 */
	public EnvelopeErrorReportValve(Supplier<ApiErrorRenderer> renderer) {
		this.renderer = renderer;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		int status = response.getStatus();
		// Same guard as Tomcat's own valve: only unanswered errors, and only once.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		if (RequestId.of(request.getRequest()) == null) {
			// The request id filter never ran for a request the connector refused.
			request.setAttribute(RequestId.ATTRIBUTE, RequestId.generate());
		}
		ApiErrorRenderer errors = this.renderer.get();
		// Tomcat passes its parse failure ("Request header is too large") along with the status it chose;
		// that status is the answer. Only an unexplained 500 is worth resolving from the exception.
		if (throwable != null && status == 500) {
			errors.write(throwable, request.getRequest(), response.getResponse());
		}
		else {
			errors.write(status, request.getRequest(), response.getResponse());
		}
	}

}
