package io.github.apiguard.support;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The smallest Spring Boot application with a realistic security chain: {@code /secured/**} needs an
 * authenticated user (HTTP Basic), {@code /admin/**} the ADMIN role, everything else is open. The chain
 * does not configure exception handling: apiguard's 401 and 403 must arrive with no code here.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic((basic) -> {
			})
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

}
