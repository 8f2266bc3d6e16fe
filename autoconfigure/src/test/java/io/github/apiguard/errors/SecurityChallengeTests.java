package io.github.apiguard.errors;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 401 keeps the challenge of the authentication mechanisms the chain configured — Basic, Bearer, both,
 * or apiguard's configured one when there is none — whether credentials are missing or wrong, and apiguard
 * renders the body.
 */
class SecurityChallengeTests {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@ParameterizedTest(name = "{0}, credentials: {1}")
	@CsvSource(delimiter = '|', value = { "basic|none|Basic realm=\"Realm\"", "basic|wrong-basic|Basic realm=\"Realm\"",
			"bearer|none|Bearer", "bearer|wrong-bearer|Bearer error=\"invalid_token\"",
			"both|none|Basic realm=\"Realm\"", "both|wrong-basic|Basic realm=\"Realm\"",
			"both|wrong-bearer|Bearer error=\"invalid_token\"", "none|none|Bearer" })
	void unauthorizedKeepsTheChallengeOfTheConfiguredMechanism(String mechanisms, String credentials,
			String challenge) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.profiles(mechanisms)
			.run("--server.port=0", "--spring.main.banner-mode=off")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/secured"))
				.timeout(Duration.ofSeconds(30))
				.header("Accept", "application/json");
			if (credentials.equals("wrong-basic")) {
				request.header("Authorization",
						"Basic " + Base64.getEncoder().encodeToString("user:wrong".getBytes()));
			}
			else if (credentials.equals("wrong-bearer")) {
				request.header("Authorization", "Bearer forged");
			}
			HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(401);
			List<String> challenges = response.headers().allValues("WWW-Authenticate");
			assertThat(challenges).isNotEmpty();
			assertThat(challenges.get(0)).startsWith(challenge);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			assertThat(response.body()).contains("unauthorized");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		SecurityFilterChain chain(HttpSecurity http, org.springframework.core.env.Environment environment)
				throws Exception {
			http.csrf(AbstractHttpConfigurer::disable)
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			if (environment.matchesProfiles("basic | both")) {
				http.httpBasic(Customizer.withDefaults());
			}
			if (environment.matchesProfiles("bearer | both")) {
				http.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults()));
			}
			return http.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("user").password("{noop}password").roles("USER").build());
		}

		@Bean
		JwtDecoder jwtDecoder() {
			return (token) -> {
				if (!token.equals("good")) {
					throw new BadJwtException("Not a token this test issued");
				}
				return Jwt.withTokenValue(token)
					.header("alg", "none")
					.subject("alice")
					.issuedAt(Instant.now())
					.expiresAt(Instant.now().plusSeconds(60))
					.build();
			};
		}

		@Bean
		Secured secured() {
			return new Secured();
		}

	}

	@RestController
	static class Secured {

		@GetMapping("/secured")
		Map<String, Object> secured() {
			return Map.of("ok", true);
		}

	}

}
