package io.github.apiguard.sample.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.github.apiguard.sample.SampleProperties;

/**
 * A stateless chain: {@code /v1/**} needs an API key. Note what is missing: exception handling — apiguard
 * answers 401 and 403 in the envelope by itself.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {

	@Bean
	SecurityFilterChain apiChain(HttpSecurity http, SampleProperties properties) throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(new ApiKeyAuthenticationFilter(properties.apiKeys()), AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/v1/**").authenticated().anyRequest().permitAll())
			.build();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		// Before apiguard's idempotency (100) and rate limits (200): a key without the scope is refused first.
		registry.addInterceptor(new ScopeInterceptor()).order(0);
	}

}
