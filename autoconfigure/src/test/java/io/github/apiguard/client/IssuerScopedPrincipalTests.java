package io.github.apiguard.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Principals are scoped by where they come from: a JWT's subject is unique within its issuer only, so two
 * issuers' subject {@code 42} are two clients, for rate limits and for idempotency records. For principals
 * that carry no issuer, an application with several authentication realms scopes them with a
 * {@link ClientKeyResolver}, exactly as docs/RATE_LIMITS.md shows.
 */
class IssuerScopedPrincipalTests {

	static final String PROPERTIES_PATHS = "apiguard.rate-limit.policies.api.paths=/api/**";

	static final String PROPERTIES_NAME = "apiguard.rate-limit.policies.api.limits.default[0].name=per-minute";

	static final String PROPERTIES_LIMIT = "apiguard.rate-limit.policies.api.limits.default[0].limit=100";

	static final String PROPERTIES_PERIOD = "apiguard.rate-limit.policies.api.limits.default[0].period=1m";

	static final String PROPERTIES_STORE = "apiguard.idempotency.store=memory";

	static int remaining(MockMvcTester mvc, String... headers) {
		MvcTestResult result = mvc.get().uri("/api/ping").headers((http) -> {
			for (int i = 0; i < headers.length; i += 2) {
				http.add(headers[i], headers[i + 1]);
			}
		}).exchange();
		assertThat(result).hasStatusOk();
		return Integer.parseInt(result.getResponse().getHeader("X-RateLimit-Remaining"));
	}

	@Nested
	@SpringBootTest(classes = JwtApplication.class, properties = { PROPERTIES_PATHS, PROPERTIES_NAME,
			PROPERTIES_LIMIT, PROPERTIES_PERIOD, PROPERTIES_STORE })
	@AutoConfigureMockMvc
	class JwtsFromTwoIssuers {

		@Autowired
		MockMvcTester mvc;

		@Test
		void theSameSubjectFromTwoIssuersIsTwoClients() {
			String fromA = JwtApplication.token(JwtApplication.ISSUER_A, "42");
			String fromB = JwtApplication.token(JwtApplication.ISSUER_B, "42");
			assertThat(remaining(this.mvc, HttpHeaders.AUTHORIZATION, "Bearer " + fromA)).isEqualTo(99);
			assertThat(remaining(this.mvc, HttpHeaders.AUTHORIZATION, "Bearer " + fromB)).isEqualTo(99);
			// A second token of the same issuer and subject is the same client.
			String againFromA = JwtApplication.token(JwtApplication.ISSUER_A, "42");
			assertThat(remaining(this.mvc, HttpHeaders.AUTHORIZATION, "Bearer " + againFromA)).isEqualTo(98);
		}

		@Test
		void theSameSubjectFromTwoIssuersSharesNoIdempotencyRecord() throws Exception {
			MvcTestResult first = order(JwtApplication.token(JwtApplication.ISSUER_A, "7"));
			MvcTestResult other = order(JwtApplication.token(JwtApplication.ISSUER_B, "7"));
			assertThat(other).headers().doesNotContainHeader("Idempotent-Replayed");
			assertThat(other).bodyText().isNotEqualTo(first.getResponse().getContentAsString());
			MvcTestResult retry = order(JwtApplication.token(JwtApplication.ISSUER_A, "7"));
			assertThat(retry).headers().hasValue("Idempotent-Replayed", "true");
			assertThat(retry).bodyText().isEqualTo(first.getResponse().getContentAsString());
		}

		private MvcTestResult order(String token) {
			MvcTestResult result = this.mvc.post()
				.uri("/api/orders")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.header("Idempotency-Key", "order-2026-03-15-0001")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{}")
				.exchange();
			assertThat(result).hasStatusOk();
			return result;
		}

	}

	@Nested
	@SpringBootTest(classes = TwoRealmsApplication.class, properties = { PROPERTIES_PATHS, PROPERTIES_NAME,
			PROPERTIES_LIMIT, PROPERTIES_PERIOD })
	@AutoConfigureMockMvc
	class PrincipalsFromTwoRealmsByDefault {

		@Autowired
		MockMvcTester mvc;

		@Test
		void aUserAndAnApiClientOfTheSameNameAreOneClient() {
			assertThat(remaining(this.mvc, HttpHeaders.AUTHORIZATION, TwoRealmsApplication.basic("alice")))
				.isEqualTo(99);
			assertThat(remaining(this.mvc, "X-API-Key", TwoRealmsApplication.ALICE_KEY)).isEqualTo(98);
		}

	}

	@Nested
	@SpringBootTest(classes = { TwoRealmsApplication.class, RealmScopedClientKeys.class },
			properties = { PROPERTIES_PATHS, PROPERTIES_NAME, PROPERTIES_LIMIT, PROPERTIES_PERIOD })
	@AutoConfigureMockMvc
	class PrincipalsFromTwoRealmsWithARealmScopedResolver {

		@Autowired
		MockMvcTester mvc;

		@Test
		void aUserAndAnApiClientOfTheSameNameAreTwoClients() {
			assertThat(remaining(this.mvc, HttpHeaders.AUTHORIZATION, TwoRealmsApplication.basic("alice")))
				.isEqualTo(99);
			assertThat(remaining(this.mvc, "X-API-Key", TwoRealmsApplication.ALICE_KEY)).isEqualTo(99);
			assertThat(remaining(this.mvc, "X-API-Key", TwoRealmsApplication.ALICE_KEY)).isEqualTo(98);
			assertThat(remaining(this.mvc, HttpHeaders.AUTHORIZATION, TwoRealmsApplication.basic("alice")))
				.isEqualTo(98);
			// Anonymous clients are still told apart by address, as by the default resolver.
			assertThat(remaining(this.mvc)).isEqualTo(99);
		}

	}

	/**
	 * The resolver docs/RATE_LIMITS.md shows: API clients get their own namespace, everyone else the default.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class RealmScopedClientKeys {

		@Bean
		ClientKeyResolver clientKeyResolver(ClientAddressResolver addresses) {
			DefaultClientKeyResolver defaults = new DefaultClientKeyResolver(addresses);
			return (request) -> {
				Principal principal = ClientPrincipals.authenticated(request);
				if (principal instanceof PreAuthenticatedAuthenticationToken) {
					return ClientKey.of(ClientKey.Kind.PRINCIPAL, "api-key", principal.getName());
				}
				return defaults.resolve(request);
			};
		}

	}

	/**
	 * A resource server trusting two issuers, each with its own signing key; the issuer of a token picks the
	 * key that verifies it.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Endpoints.class, Clock.class })
	static class JwtApplication {

		static final String ISSUER_A = "https://login.a.example";

		static final String ISSUER_B = "https://login.b.example";

		static final Map<String, SecretKey> KEYS = Map.of(ISSUER_A, key("issuer A's signing key, 32 bytes!"),
				ISSUER_B, key("issuer B's signing key, 32 bytes!"));

		static SecretKey key(String secret) {
			return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		}

		static String token(String issuer, String subject) {
			Instant now = Instant.now();
			JwtClaimsSet claims = JwtClaimsSet.builder()
				.issuer(issuer)
				.subject(subject)
				.issuedAt(now)
				.expiresAt(now.plus(Duration.ofHours(1)))
				.build();
			return NimbusJwtEncoder.withSecretKey(KEYS.get(issuer))
				.build()
				.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
				.getTokenValue();
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			JwtIssuerAuthenticationManagerResolver issuers = new JwtIssuerAuthenticationManagerResolver(
					(issuer) -> KEYS.containsKey(issuer) ? manager(issuer) : null);
			return http.csrf(AbstractHttpConfigurer::disable)
				.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.oauth2ResourceServer((server) -> server.authenticationManagerResolver(issuers))
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.build();
		}

		private static AuthenticationManager manager(String issuer) {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(KEYS.get(issuer)).build();
			decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
			return new ProviderManager(new JwtAuthenticationProvider(decoder));
		}

	}

	/**
	 * HTTP Basic users and API clients, two realms whose names may coincide.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Endpoints.class, Clock.class })
	static class TwoRealmsApplication {

		static final String ALICE_KEY = "sk_live_alice.s3cret";

		static String basic(String user) {
			return "Basic " + Base64.getEncoder().encodeToString((user + ":password").getBytes(StandardCharsets.UTF_8));
		}

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
					User.withUsername("alice").password("{noop}password").roles("USER").build());
		}

	}

	/**
	 * Authenticates the API client "alice" by her key.
	 */
	static final class ApiKeyFilter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (TwoRealmsApplication.ALICE_KEY.equals(request.getHeader("X-API-Key"))) {
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(new PreAuthenticatedAuthenticationToken("alice",
						TwoRealmsApplication.ALICE_KEY, List.of(new SimpleGrantedAuthority("ROLE_API_CLIENT"))));
				SecurityContextHolder.setContext(context);
			}
			chain.doFilter(request, response);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clock {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.parse("2026-03-15T10:00:00Z"));
		}

	}

	@RestController
	static class Endpoints {

		private final AtomicInteger orders = new AtomicInteger();

		@GetMapping("/api/ping")
		String ping() {
			return "pong";
		}

		@PostMapping("/api/orders")
		Map<String, Object> order() {
			return Map.of("order", this.orders.incrementAndGet());
		}

	}

}
