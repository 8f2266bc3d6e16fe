package io.github.apiguard.errors.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Renders exceptions thrown by servlet filters (which Spring MVC's advice never sees) in the configured
 * envelope, with its {@code Content-Type}. It sits near the front of the chain, behind the request id.
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

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			if (response.isCommitted()) {
				throw ex;
			}
			this.renderer.write(ex, request, response);
		}
	}

}
