package io.github.apiguard.idempotency.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body was read ahead (to hash it before the handler runs) and is served again, in full,
 * to the handler: the bytes read ahead, followed by whatever the original stream still holds (when the body
 * was larger than the buffer, so nothing is lost for endpoints that are not idempotent).
 */
final class BufferedBodyRequest extends HttpServletRequestWrapper {

	private final ReadAheadBody prefix;

	private ServletInputStream stream;

	BufferedBodyRequest(HttpServletRequest request, ReadAheadBody prefix) {
		super(request);
		this.prefix = prefix;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.stream == null) {
			InputStream body = this.prefix.inputStream();
			if (!this.prefix.isComplete()) {
				body = new SequenceInputStream(body, super.getInputStream());
			}
			this.stream = new ReplayStream(body);
		}
		return this.stream;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		String encoding = getCharacterEncoding();
		Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
		return new BufferedReader(new InputStreamReader(getInputStream(), charset));
	}

	private static final class ReplayStream extends ServletInputStream {

		private final InputStream body;

		private boolean finished;

		ReplayStream(InputStream body) {
			this.body = body;
		}

		@Override
		public int read() throws IOException {
			int b = this.body.read();
			this.finished = b < 0;
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = this.body.read(buffer, offset, length);
			this.finished = count < 0;
			return count;
		}

		@Override
		public boolean isFinished() {
			return this.finished;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException("Non-blocking reads are not supported for idempotent requests");
		}

	}

}
