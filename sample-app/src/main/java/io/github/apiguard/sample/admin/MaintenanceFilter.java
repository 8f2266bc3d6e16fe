package io.github.apiguard.sample.admin;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.github.apiguard.errors.ServiceUnavailableException;

/**
 * While maintenance is on, every {@code /v1} call but the switch itself answers 503 with
 * {@code Retry-After}. It simply throws from a servlet filter: apiguard renders filter exceptions in the
 * envelope too.
 */
@Component
class MaintenanceFilter extends OncePerRequestFilter {

	private final Faults faults;

	MaintenanceFilter(Faults faults) {
		this.faults = faults;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !path.startsWith("/v1/") || path.equals("/v1/admin/maintenance");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.faults.inMaintenance()) {
			throw new ServiceUnavailableException("The API is down for planned maintenance.")
				.retryAfter(Duration.ofMinutes(5));
		}
		chain.doFilter(request, response);
	}

}
