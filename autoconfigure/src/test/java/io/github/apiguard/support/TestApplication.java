package io.github.apiguard.support;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The smallest Spring Boot application with a realistic security chain: {@code /secured/**} needs an
 * authenticated user (HTTP Basic), {@code /admin/**} the ADMIN role, everything else is open. The chain
 * does not configure exception handling: apiguard's 401 and 403 must arrive with no code here.
 * <p>
 * API keys ({@code X-API-Key}, or {@code Authorization: Bearer}) authenticate too, as in a real API: here
 * every key is valid and is its own client, a stand-in for a key store. The key is the authentication's
 * credentials, so tier rules by key prefix apply to it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic((basic) -> {
			})
			.addFilterBefore(new AnyApiKeyFilter(), BasicAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/secured/**")
				.authenticated()
				.requestMatchers("/admin/**")
				.hasRole("ADMIN")
				.anyRequest()
				.permitAll())
			.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(User.withUsername("user").password("{noop}password").roles("USER").build(),
				User.withUsername("admin").password("{noop}password").roles("ADMIN").build());
	}

	/**
	 * Authenticates any API key as the client of that key.
	 */
	static final class AnyApiKeyFilter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String key = request.getHeader("X-API-Key");
			String authorization = request.getHeader("Authorization");
			if (key == null && authorization != null && authorization.startsWith("Bearer ")) {
				key = authorization.substring(7);
			}
			if (key != null && !key.isBlank()) {
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(new PreAuthenticatedAuthenticationToken(key, key,
						List.of(new SimpleGrantedAuthority("ROLE_API_CLIENT"))));
				SecurityContextHolder.setContext(context);
			}
			chain.doFilter(request, response);
		}

	}

}
