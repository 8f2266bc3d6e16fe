package io.github.apiguard.errors;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A security chain that configures its own {@code exceptionHandling(...)} keeps it: apiguard's customizer is
 * applied first, so the application's configuration wins.
 */
@SpringBootTest(classes = SecurityHandlingPrecedenceTests.OwnSecurityHandlingApplication.class)
@AutoConfigureMockMvc
class SecurityHandlingPrecedenceTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void theChainsOwnEntryPointWins() {
		assertThat(this.mvc.get().uri("/private").exchange()).hasStatus(401).bodyText().isEqualTo("custom entry point");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OwnSecurityHandlingApplication {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.exceptionHandling((handling) -> handling.authenticationEntryPoint((request, response, ex) -> {
					response.setStatus(401);
					response.getWriter().write("custom entry point");
				}))
				.build();
		}

	}

}
