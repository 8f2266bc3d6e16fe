package io.github.apiguard.client;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's address: the one the server resolved for the request, {@link HttpServletRequest#getRemoteAddr()}.
 * <p>
 * apiguard reads no forwarding header itself. Behind a reverse proxy, let the server resolve the client
 * address from the proxy's {@code X-Forwarded-For}: {@code server.forward-headers-strategy=native}, with the
 * proxies in {@code server.tomcat.remoteip.internal-proxies}. Tomcat then walks the header from the right,
 * skipping the proxies, so what a client prepends, or sends as {@code Forwarded} or {@code X-Real-IP}, is
 * never believed.
 */
public final class ClientAddressResolver {

	/**
	 * The client's address.
	 * @param request the request
	 * @return the address as text
	 */
	public String resolve(HttpServletRequest request) {
		return request.getRemoteAddr();
	}

}
