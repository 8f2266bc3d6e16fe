package io.github.apiguard.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credential that picks a client's bucket and tier is the one that authenticated it. A real security
 * chain verifies API keys ({@code X-API-Key}: a key id, a dot, a secret) against a store and HTTP Basic
 * users; {@code /api/**} is open to anonymous clients too. Tiers show in {@code X-RateLimit-Limit}
 * (default 5, public_key 20, secret_key 100), buckets in {@code X-RateLimit-Remaining}; the clock stands
 * still.
 */
@SpringBootTest(classes = AuthenticatedClientIdentityTests.ApiKeyApplication.class,
		properties = { "apiguard.rate-limit.tiers[0].name=public_key",
				"apiguard.rate-limit.tiers[0].api-key-prefixes=pk_", "apiguard.rate-limit.tiers[1].name=secret_key",
				"apiguard.rate-limit.tiers[1].api-key-prefixes=sk_", "apiguard.rate-limit.policies.api.paths=/api/**",
				"apiguard.rate-limit.policies.api.limits.default[0].name=per-minute",
				"apiguard.rate-limit.policies.api.limits.default[0].limit=5",
				"apiguard.rate-limit.policies.api.limits.default[0].period=1m",
				"apiguard.rate-limit.policies.api.limits.[public_key][0].name=per-minute",
				"apiguard.rate-limit.policies.api.limits.[public_key][0].limit=20",
				"apiguard.rate-limit.policies.api.limits.[public_key][0].period=1m",
				"apiguard.rate-limit.policies.api.limits.[secret_key][0].name=per-minute",
				"apiguard.rate-limit.policies.api.limits.[secret_key][0].limit=100",
				"apiguard.rate-limit.policies.api.limits.[secret_key][0].period=1m" })
@AutoConfigureMockMvc
class AuthenticatedClientIdentityTests {

	static final String ALICE = "sk_live_alice.s3cret";

	static final String DAVE = "sk_live_dave.one";

	static final String DAVE_OTHER_KEY = "sk_live_dave2.two";

	static final String CAROL = "pk_live_carol.pub";

	static final String ERIN = "pk_live_erin.pub";

	@Autowired
	MockMvcTester mvc;

	private Answer get(String address, String... headers) {
		MvcTestResult result = this.mvc.get().uri("/api/ping").with((request) -> {
			request.setRemoteAddr(address);
			for (int i = 0; i < headers.length; i += 2) {
				request.addHeader(headers[i], headers[i + 1]);
			}
			return request;
		}).exchange();
		return new Answer(result.getResponse().getStatus(),
				Integer.parseInt(result.getResponse().getHeader("X-RateLimit-Limit")),
				Integer.parseInt(result.getResponse().getHeader("X-RateLimit-Remaining")));
	}

	@Test
	void beforeAuthenticationAnInventedKeyPicksNeitherBucketNorTier() {
		// Every request claims a new secret key: none is verified, so all count against the address, in
		// the default tier.
		for (int i = 0; i < 5; i++) {
			Answer answer = get("203.0.113.60", "X-API-Key", "sk_live_made_up_" + i);
			assertThat(answer.limit()).isEqualTo(5);
			assertThat(answer.remaining()).isEqualTo(4 - i);
		}
		assertThat(get("203.0.113.60", "X-API-Key", "sk_live_made_up_5").status()).isEqualTo(429);
		assertThat(get("203.0.113.60", HttpHeaders.AUTHORIZATION, "Bearer sk_live_made_up_6").status())
			.isEqualTo(429);
	}

	@Test
	void anUnauthenticatedRequestCarryingAVictimsKeyIdCannotDrainTheVictim() {
		assertThat(get("198.51.100.61", "X-API-Key", ALICE)).isEqualTo(new Answer(200, 100, 99));
		for (String forged : List.of("sk_live_alice", "sk_live_alice.guess", "sk_live_alice.s3cre", ALICE + " ")) {
			get("203.0.113.61", "X-API-Key", forged);
		}
		get("203.0.113.61", "X-API-Key", "sk_live_alice");
		assertThat(get("203.0.113.61", "X-API-Key", "sk_live_alice").status()).isEqualTo(429);
		assertThat(get("198.51.100.61", "X-API-Key", ALICE)).isEqualTo(new Answer(200, 100, 98));
	}

	@Test
	void aKeyOnlyPresentedIsNoIdentityEvenForItsOwner() {
		// A widget sends an unregistered, publishable key from its user's browser; anyone can copy it.
		for (int i = 0; i < 5; i++) {
			get("203.0.113.62", "X-API-Key", "pk_widget_1234");
		}
		assertThat(get("203.0.113.62", "X-API-Key", "pk_widget_1234").status()).isEqualTo(429);
		assertThat(get("198.51.100.62", "X-API-Key", "pk_widget_1234")).isEqualTo(new Answer(200, 5, 4));
	}

	@Test
	void aClientCannotKeepItsBucketAndSwitchTierWithASecondHeader() {
		assertThat(get("198.51.100.63", "X-API-Key", CAROL)).isEqualTo(new Answer(200, 20, 19));
		assertThat(get("198.51.100.63", "X-API-Key", CAROL, HttpHeaders.AUTHORIZATION, "Bearer sk_live_upgrade"))
			.isEqualTo(new Answer(200, 20, 18));
		assertThat(get("198.51.100.64", HttpHeaders.AUTHORIZATION, basic("bob"))).isEqualTo(new Answer(200, 5, 4));
		assertThat(get("198.51.100.64", HttpHeaders.AUTHORIZATION, basic("bob"), "X-API-Key", "sk_live_upgrade"))
			.isEqualTo(new Answer(200, 5, 3));
		assertThat(get("198.51.100.64", HttpHeaders.AUTHORIZATION, basic("bob"), "X-API-Key", "pk_live_whatever"))
			.isEqualTo(new Answer(200, 5, 2));
	}

	@Test
	void afterAuthenticationTheClientIsThePrincipalWhicheverKeyAndAddress() {
		assertThat(get("198.51.100.65", "X-API-Key", DAVE)).isEqualTo(new Answer(200, 100, 99));
		assertThat(get("203.0.113.65", "X-API-Key", DAVE_OTHER_KEY)).isEqualTo(new Answer(200, 100, 98));
		assertThat(get("2001:db8:65::1", "X-API-Key", DAVE)).isEqualTo(new Answer(200, 100, 97));
	}

	@Test
	void theAuthenticatedBucketIsNotTheAnonymousOneOfTheSameAddress() {
		assertThat(get("203.0.113.67", "X-API-Key", ERIN)).isEqualTo(new Answer(200, 20, 19));
		assertThat(get("203.0.113.67")).isEqualTo(new Answer(200, 5, 4));
	}

	private static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":password").getBytes(StandardCharsets.UTF_8));
	}

	record Answer(int status, int limit, int remaining) {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Endpoints.class)
	static class ApiKeyApplication {

		/** The key store: key to client. */
		static final Map<String, String> KEYS = Map.of(ALICE, "alice", DAVE, "dave", DAVE_OTHER_KEY, "dave", CAROL,
				"carol", ERIN, "erin");

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.csrf(AbstractHttpConfigurer::disable)
				.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.httpBasic((basic) -> {
				})
				.addFilterBefore(new ApiKeyFilter(), BasicAuthenticationFilter.class)
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("bob").password("{noop}password").roles("USER").build());
		}

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.parse("2026-03-15T10:00:00Z"));
		}

	}

	/**
	 * Authenticates a known API key as its client, with the key as credentials; leaves any other request
	 * anonymous.
	 */
	static final class ApiKeyFilter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String key = request.getHeader("X-API-Key");
			String client = (key != null) ? ApiKeyApplication.KEYS.get(key) : null;
			if (client != null) {
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(new PreAuthenticatedAuthenticationToken(client, key,
						List.of(new SimpleGrantedAuthority("ROLE_API_CLIENT"))));
				SecurityContextHolder.setContext(context);
			}
			chain.doFilter(request, response);
		}

	}

	@RestController
	static class Endpoints {

		@GetMapping("/api/ping")
		String ping() {
			return "pong";
		}

	}

}
