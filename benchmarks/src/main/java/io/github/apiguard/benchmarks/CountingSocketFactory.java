package io.github.apiguard.benchmarks;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;

import javax.net.SocketFactory;

/**
 * Counts the PostgreSQL driver's round trips: given to pgjdbc as its {@code socketFactory}, it wraps every
 * socket and counts the times the client starts writing after it has read (or writes first): one request sent,
 * answered, and the next one sent is one round trip.
 */
public final class CountingSocketFactory extends SocketFactory {

	static final LongAdder ROUND_TRIPS = new LongAdder();

	@Override
	public Socket createSocket() {
		return new CountingSocket();
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		throw new UnsupportedOperationException();
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Socket createSocket(InetAddress host, int port) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
		throw new UnsupportedOperationException();
	}

	private static final class CountingSocket extends Socket {

		/** Whether the last thing this socket did was to read: the next write starts a round trip. */
		private volatile boolean read = true;

		@Override
		public InputStream getInputStream() throws IOException {
			return new FilterInputStream(super.getInputStream()) {

				@Override
				public int read() throws IOException {
					CountingSocket.this.read = true;
					return super.read();
				}

				@Override
				public int read(byte[] b, int off, int len) throws IOException {
					CountingSocket.this.read = true;
					return super.read(b, off, len);
				}

			};
		}

		@Override
		public OutputStream getOutputStream() throws IOException {
			return new FilterOutputStream(super.getOutputStream()) {

				@Override
				public void write(int b) throws IOException {
					turn();
					this.out.write(b);
				}

				@Override
				public void write(byte[] b, int off, int len) throws IOException {
					turn();
					this.out.write(b, off, len);
				}

			};
		}

		private void turn() {
			if (this.read) {
				this.read = false;
				ROUND_TRIPS.increment();
			}
		}

	}

}
