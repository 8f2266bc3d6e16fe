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
 * The application's own advices win for the exceptions they handle — even unordered ones — because
 * apiguard's advice is ordered last; apiguard renders everything else.
 */
@SpringBootTest(classes = ApplicationAdvicePrecedenceTests.OwnAdviceApplication.class)
@AutoConfigureMockMvc
class ApplicationAdvicePrecedenceTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void theApplicationsUnorderedAdviceWinsForTheExceptionItHandles() {
		assertThat(this.mvc.get().uri("/teapot").exchange()).hasStatus(418).bodyText().isEqualTo("{\"mine\":true}");
	}

	@Test
	void apiguardRendersEverythingElse() {
		assertThat(this.mvc.get().uri("/missing").exchange()).hasStatus(404)
			.bodyJson()
			.extractingPath("$.error.code")
			.isEqualTo("not_found");
	}

	static class TeapotException extends RuntimeException {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OwnAdviceApplication {

		@Bean
		SecurityFilterChain open(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

		@RestController
		static class Controller {

			@GetMapping("/teapot")
			void teapot() {
				throw new TeapotException();
			}

		}

		@RestControllerAdvice
		static class OwnAdvice {

			@ExceptionHandler(TeapotException.class)
			ResponseEntity<Map<String, Object>> teapot() {
				return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body(Map.of("mine", true));
			}

		}

	}

}
