package io.github.apiguard.client;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The client's address as rate limits and idempotency scopes count it: the address the server resolved
 * for the request ({@link HttpServletRequest#getRemoteAddr()}), an IPv4 address whole and an IPv6 address by
 * its network prefix, {@code /64} unless configured otherwise. One IPv6 subscriber is commonly given a whole
 * /64 (or /56, /48) and could otherwise pick a fresh address, and a fresh allowance, for every request. An
 * IPv4-mapped IPv6 address ({@code ::ffff:203.0.113.7}) counts as its IPv4 address.
 * <p>
 * apiguard reads no forwarding header itself. Behind a reverse proxy, let the server resolve the client
 * address from the proxy's {@code X-Forwarded-For}: {@code server.forward-headers-strategy=native}, with the
 * proxies in {@code server.tomcat.remoteip.internal-proxies}. Tomcat then walks the header from the right,
 * skipping the proxies, so what a client prepends, or sends as {@code Forwarded} or {@code X-Real-IP}, is
 * never believed.
 */
public final class ClientAddressResolver {

	/** The default IPv6 prefix length: the /64 a single subscriber is given at least. */
	public static final int DEFAULT_IPV6_PREFIX_LENGTH = 64;

	private final int ipv6PrefixLength;

	/**
	 * Creates a resolver grouping IPv6 addresses by {@value #DEFAULT_IPV6_PREFIX_LENGTH} bits.
	 */
	public ClientAddressResolver() {
		this(DEFAULT_IPV6_PREFIX_LENGTH);
	}

	/**
	 * Creates a resolver.
	 * @param ipv6PrefixLength the leading bits of an IPv6 address that identify a client, 1 to 128
	 * @throws IllegalArgumentException if the length is out of range
	 */
	public ClientAddressResolver(int ipv6PrefixLength) {
		if (ipv6PrefixLength < 1 || ipv6PrefixLength > 128) {
			throw new IllegalArgumentException(
					"An IPv6 prefix length is between 1 and 128, not " + ipv6PrefixLength);
		}
		this.ipv6PrefixLength = ipv6PrefixLength;
	}

	/**
	 * The client's address, IPv6 addresses reduced to their prefix, e.g. {@code 203.0.113.7} or
	 * {@code 2001:db8:1:2:0:0:0:0/64}.
	 * @param request the request
	 * @return the address as text
	 */
	public String resolve(HttpServletRequest request) {
		return group(request.getRemoteAddr());
	}

	String group(String address) {
		if (isDottedQuad(address)) {
			return address;
		}
		InetAddress parsed = ipv6Literal(address);
		if (parsed == null) {
			// Not an address (an obfuscated "for" identifier, "unknown"): counted as the text it is.
			return address;
		}
		if (!(parsed instanceof Inet6Address)) {
			return parsed.getHostAddress();
		}
		byte[] bytes = parsed.getAddress();
		int fullBytes = this.ipv6PrefixLength / 8;
		int remainder = this.ipv6PrefixLength % 8;
		if (remainder != 0) {
			bytes[fullBytes] &= (byte) (0xFF << (8 - remainder));
			fullBytes++;
		}
		for (int i = fullBytes; i < bytes.length; i++) {
			bytes[i] = 0;
		}
		try {
			return InetAddress.getByAddress(bytes).getHostAddress() + "/" + this.ipv6PrefixLength;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("16 bytes are always an IPv6 address", ex);
		}
	}

	/**
	 * Whether the text is four groups of one to three ASCII digits joined by dots, as an IPv4 address the server
	 * resolved is written. A scan rather than a regular expression: this runs on every request.
	 */
	static boolean isDottedQuad(String address) {
		int groups = 0;
		int digits = 0;
		for (int i = 0; i < address.length(); i++) {
			char c = address.charAt(i);
			if (c >= '0' && c <= '9') {
				if (++digits > 3) {
					return false;
				}
			}
			else if (c == '.' && digits > 0 && groups < 3) {
				groups++;
				digits = 0;
			}
			else {
				return false;
			}
		}
		return groups == 3 && digits > 0;
	}

	private static @Nullable InetAddress ipv6Literal(String address) {
		String literal = address;
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		int zone = literal.indexOf('%');
		if (zone >= 0) {
			literal = literal.substring(0, zone);
		}
		// Only text with a colon: InetAddress never looks such a name up, so no DNS query is made.
		if (literal.indexOf(':') < 0) {
			return null;
		}
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}
