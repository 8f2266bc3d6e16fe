package io.github.apiguard.sample.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends bytes exactly as given over a socket, for requests no well-behaved HTTP client would send.
 */
final class RawHttp {

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	Response send(byte[] request) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			socket.shutdownOutput();
			return Response.parse(readAll(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Response send(String head, byte[] body) {
		byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
		byte[] request = new byte[headBytes.length + body.length];
		System.arraycopy(headBytes, 0, request, 0, headBytes.length);
		System.arraycopy(body, 0, request, headBytes.length, body.length);
		return send(request);
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		byte[] chunk = new byte[8192];
		int read;
		try {
			while ((read = in.read(chunk)) != -1) {
				buffer.write(chunk, 0, read);
			}
		}
		catch (java.net.SocketException ex) {
			// The server may reset the connection after answering a request it refused.
		}
		return buffer.toByteArray();
	}

	record Response(int status, List<String> headerLines, String body) {

		static Response parse(byte[] raw) {
			String text = new String(raw, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			String head = (end >= 0) ? text.substring(0, end) : text;
			String body = (end >= 0) ? text.substring(end + 4) : "";
			String[] lines = head.split("\r\n");
			int status = (lines.length > 0 && lines[0].startsWith("HTTP/1.1 ")) ? Integer.parseInt(lines[0].substring(9, 12))
					: -1;
			List<String> headers = new ArrayList<>();
			for (int i = 1; i < lines.length; i++) {
				headers.add(lines[i]);
			}
			if (headers.stream().anyMatch((h) -> h.toLowerCase(Locale.ROOT).startsWith("transfer-encoding: chunked"))) {
				body = dechunk(body);
			}
			return new Response(status, headers, body);
		}

		private static String dechunk(String chunked) {
			StringBuilder out = new StringBuilder();
			int index = 0;
			while (index < chunked.length()) {
				int lineEnd = chunked.indexOf("\r\n", index);
				if (lineEnd < 0) {
					break;
				}
				int size = Integer.parseInt(chunked.substring(index, lineEnd).split(";")[0].trim(), 16);
				if (size == 0) {
					break;
				}
				out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
				index = lineEnd + 2 + size + 2;
			}
			return out.toString();
		}

		String header(String name) {
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			return this.headerLines.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
				.map((line) -> line.substring(prefix.length()).trim())
				.findFirst()
				.orElse(null);
		}

	}

}
