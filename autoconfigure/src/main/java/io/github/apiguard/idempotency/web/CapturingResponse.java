package io.github.apiguard.idempotency.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpHeaders;

/**
 * A response that holds its body back, up to a limit, so that the outcome is stored before the client sees
 * it: a client that retries the moment it has the response finds the replay, not the request still in
 * flight. Past the limit the held bytes are sent and the rest streams through; {@link #isOverflowed()} then
 * tells that the body cannot be stored. A reset of the buffer (the error renderer does one) resets the held
 * bytes too, and while nothing has reached the client, starts holding back again.
 */
final class CapturingResponse extends HttpServletResponseWrapper {

	private final int limit;

	private final ByteArrayOutputStream held = new ByteArrayOutputStream();

	private boolean overflowed;

	private boolean streamingForGood;

	private boolean errorSent;

	private boolean contentLengthSet;

	private ServletOutputStream stream;

	private PrintWriter writer;

	CapturingResponse(HttpServletResponse response, int limit) {
		super(response);
		this.limit = limit;
	}

	@Override
	public ServletOutputStream getOutputStream() {
		if (this.stream == null) {
			this.stream = new HoldingStream();
		}
		return this.stream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.writer == null) {
			this.writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), getCharacterEncoding()));
		}
		return this.writer;
	}

	@Override
	public void flushBuffer() throws IOException {
		flushWriter();
		if (this.overflowed) {
			super.flushBuffer();
		}
		// Otherwise do not commit: the response is sent once its outcome is stored.
	}

	// Content-Length is held back as well and set from the held bytes when they are sent. When the body
	// overflows, the response goes out chunked, and its last chunk only after the outcome is recorded: a
	// client never holds a complete response whose outcome a retry could not find.

	@Override
	public void setContentLength(int length) {
		this.contentLengthSet = true;
	}

	@Override
	public void setContentLengthLong(long length) {
		this.contentLengthSet = true;
	}

	@Override
	public void setHeader(String name, String value) {
		if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
			this.contentLengthSet = true;
			return;
		}
		super.setHeader(name, value);
	}

	@Override
	public void addHeader(String name, String value) {
		if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
			this.contentLengthSet = true;
			return;
		}
		super.addHeader(name, value);
	}

	@Override
	public void setIntHeader(String name, int value) {
		if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
			this.contentLengthSet = true;
			return;
		}
		super.setIntHeader(name, value);
	}

	@Override
	public void addIntHeader(String name, int value) {
		if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
			this.contentLengthSet = true;
			return;
		}
		super.addIntHeader(name, value);
	}

	@Override
	public void resetBuffer() {
		super.resetBuffer();
		discardHeld();
	}

	@Override
	public void reset() {
		super.reset();
		discardHeld();
	}

	private void discardHeld() {
		this.held.reset();
		if (!this.streamingForGood && !getResponse().isCommitted()) {
			// What overflowed was still in the container's buffer and is gone too: the body that follows (an
			// error the renderer writes) starts from nothing and may well be small enough to store.
			this.overflowed = false;
		}
	}

	@Override
	public void sendError(int status) throws IOException {
		this.errorSent = true;
		super.sendError(status);
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		this.errorSent = true;
		super.sendError(status, message);
	}

	void flushWriter() {
		if (this.writer != null) {
			this.writer.flush();
		}
	}

	/**
	 * Sends the held bytes to the client.
	 */
	void send() throws IOException {
		passOn();
		getResponse().flushBuffer();
	}

	/**
	 * Passes the held bytes on to the container without committing the response, so that an error raised after
	 * (a failing commit of a transaction around the request) may still replace them.
	 */
	void passOn() throws IOException {
		flushWriter();
		if (!this.overflowed && (this.held.size() > 0 || this.contentLengthSet)) {
			getResponse().setContentLength(this.held.size());
		}
		if (this.held.size() > 0) {
			ServletOutputStream out = getResponse().getOutputStream();
			this.held.writeTo(out);
			this.held.reset();
		}
	}

	/**
	 * Stops holding the body back: what is held is passed on and later writes (an asynchronous handler's)
	 * go straight to the client.
	 */
	void streamFromNowOn() throws IOException {
		// Nobody will send held bytes after this (an asynchronous dispatch writes on its own): never hold again.
		this.streamingForGood = true;
		flushWriter();
		if (!this.overflowed) {
			this.overflowed = true;
			this.held.writeTo(getResponse().getOutputStream());
			this.held.reset();
		}
	}

	/**
	 * Whether the handler left the body to the container's error page ({@code sendError}), so the body sent
	 * is not known here.
	 */
	boolean isErrorSent() {
		return this.errorSent;
	}

	boolean isOverflowed() {
		return this.overflowed;
	}

	byte[] body() {
		return this.held.toByteArray();
	}

	private void write(byte[] bytes, int offset, int length) throws IOException {
		if (!this.overflowed && this.held.size() + length > this.limit) {
			// Too large to store: stop holding the body back and stream it.
			this.overflowed = true;
			this.held.writeTo(getResponse().getOutputStream());
			this.held.reset();
		}
		if (this.overflowed) {
			getResponse().getOutputStream().write(bytes, offset, length);
		}
		else {
			this.held.write(bytes, offset, length);
		}
	}

	private final class HoldingStream extends ServletOutputStream {

		@Override
		public void write(int b) throws IOException {
			CapturingResponse.this.write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			CapturingResponse.this.write(bytes, offset, length);
		}

		@Override
		public void flush() throws IOException {
			if (CapturingResponse.this.overflowed) {
				getResponse().getOutputStream().flush();
			}
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			throw new UnsupportedOperationException("Non-blocking writes are not supported for idempotent requests");
		}

	}

}
