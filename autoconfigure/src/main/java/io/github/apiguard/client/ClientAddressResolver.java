package io.github.apiguard.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Finds the client's address: the connection's peer, unless that peer is a configured trusted proxy, in
 * which case {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For} is walked from the right, skipping
 * trusted proxies, to the first untrusted hop. A client that is not behind a trusted proxy cannot change
 * its address by sending these headers.
 */
public final class ClientAddressResolver {

	private final List<Cidr> trustedProxies;

	/**
	 * Creates a resolver.
	 * @param trustedProxies addresses or CIDR ranges of trusted proxies, e.g. {@code 10.0.0.0/8}
	 * @throws IllegalArgumentException if an entry is not an IP address or range
	 */
	public ClientAddressResolver(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream().map(Cidr::parse).toList();
	}

	/**
	 * The client's address.
	 * @param request the request
	 * @return the address as text
	 */
	public String resolve(HttpServletRequest request) {
		String peer = request.getRemoteAddr();
		if (this.trustedProxies.isEmpty() || !isTrusted(peer)) {
			return peer;
		}
		List<String> hops = forwardedHops(request);
		for (int i = hops.size() - 1; i >= 0; i--) {
			String hop = hops.get(i);
			if (!isTrusted(hop)) {
				return hop;
			}
		}
		return hops.isEmpty() ? peer : hops.get(0);
	}

	private boolean isTrusted(String address) {
		InetAddress parsed = Cidr.literal(address);
		if (parsed == null) {
			return false;
		}
		for (Cidr cidr : this.trustedProxies) {
			if (cidr.contains(parsed)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> forwardedHops(HttpServletRequest request) {
		List<String> hops = new ArrayList<>();
		for (String header : values(request, "Forwarded")) {
			for (String element : header.split(",")) {
				for (String pair : element.split(";")) {
					String[] nameValue = pair.trim().split("=", 2);
					if (nameValue.length == 2 && nameValue[0].trim().toLowerCase(Locale.ROOT).equals("for")) {
						hops.add(unquote(nameValue[1].trim()));
					}
				}
			}
		}
		if (!hops.isEmpty()) {
			return hops;
		}
		for (String header : values(request, "X-Forwarded-For")) {
			for (String hop : header.split(",")) {
				if (!hop.isBlank()) {
					hops.add(hop.trim());
				}
			}
		}
		return hops;
	}

	private static List<String> values(HttpServletRequest request, String name) {
		Enumeration<String> headers = request.getHeaders(name);
		return (headers != null) ? Collections.list(headers) : List.of();
	}

	private static String unquote(String value) {
		String result = value;
		if (result.length() >= 2 && result.startsWith("\"") && result.endsWith("\"")) {
			result = result.substring(1, result.length() - 1);
		}
		if (result.startsWith("[")) {
			int end = result.indexOf(']');
			return (end > 0) ? result.substring(1, end) : result;
		}
		int colon = result.indexOf(':');
		// "192.0.2.1:4711" carries a port; an IPv6 literal has several colons and no brackets here.
		return (colon > 0 && result.indexOf(':', colon + 1) < 0) ? result.substring(0, colon) : result;
	}

	private record Cidr(byte[] network, int prefixLength) {

		static Cidr parse(String text) {
			String[] parts = text.trim().split("/", 2);
			InetAddress address = literal(parts[0]);
			if (address == null) {
				throw new IllegalArgumentException("Not an IP address or CIDR range: '" + text + "'");
			}
			int bits = address.getAddress().length * 8;
			int prefix = (parts.length == 2) ? Integer.parseInt(parts[1]) : bits;
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException("Invalid prefix length in '" + text + "'");
			}
			return new Cidr(address.getAddress(), prefix);
		}

		static @Nullable InetAddress literal(String text) {
			// Only literals: never resolve a host name taken from a header.
			if (text.isEmpty() || !text.matches("[0-9A-Fa-f:.]+")) {
				return null;
			}
			try {
				return InetAddress.getByName(text);
			}
			catch (UnknownHostException ex) {
				return null;
			}
		}

		boolean contains(InetAddress address) {
			byte[] candidate = address.getAddress();
			if (candidate.length != this.network.length) {
				return false;
			}
			int fullBytes = this.prefixLength / 8;
			for (int i = 0; i < fullBytes; i++) {
				if (candidate[i] != this.network[i]) {
					return false;
				}
			}
			int remainder = this.prefixLength % 8;
			if (remainder == 0) {
				return true;
			}
			int mask = (0xFF << (8 - remainder)) & 0xFF;
			return (candidate[fullBytes] & mask) == (this.network[fullBytes] & mask);
		}

	}

}
