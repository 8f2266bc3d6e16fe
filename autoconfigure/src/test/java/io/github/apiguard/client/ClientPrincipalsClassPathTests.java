package io.github.apiguard.client;

import java.net.URL;
import java.net.URLClassLoader;
import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's OAuth 2.0 resource server support is optional: without it on the class path, client
 * identity works as before, only without issuers.
 */
class ClientPrincipalsClassPathTests {

	@Test
	void worksWithoutSpringSecuritysOAuth2Support() throws Exception {
		PreAuthenticatedAuthenticationToken alice = new PreAuthenticatedAuthenticationToken("alice", "sk_live_key",
				List.of(new SimpleGrantedAuthority("ROLE_API_CLIENT")));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/ping");
		request.setUserPrincipal(alice);
		try (WithoutOAuth2 loader = new WithoutOAuth2()) {
			Class<?> principals = loader.loadClass(ClientPrincipals.class.getName());
			assertThat(principals.getMethod("issuer", Principal.class).invoke(null, alice)).isNull();
			assertThat(principals.getMethod("credential", Principal.class).invoke(null, alice)).isEqualTo("sk_live_key");
			Object addresses = loader.loadClass(ClientAddressResolver.class.getName()).getConstructor().newInstance();
			Class<?> resolverType = loader.loadClass(DefaultClientKeyResolver.class.getName());
			Object resolver = resolverType.getConstructor(addresses.getClass()).newInstance(addresses);
			Object key = resolverType.getMethod("resolve", HttpServletRequest.class).invoke(resolver, request);
			assertThat(key).hasToString(ClientKey.of(ClientKey.Kind.PRINCIPAL, "alice").toString());
		}
	}

	/**
	 * Loads apiguard's client classes afresh, over a parent that hides {@code org.springframework.security.oauth2}.
	 */
	static final class WithoutOAuth2 extends URLClassLoader {

		WithoutOAuth2() {
			super(new URL[] { ClientPrincipals.class.getProtectionDomain().getCodeSource().getLocation() },
					new FilteredClassLoader("org.springframework.security.oauth2"));
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith(ClientPrincipals.class.getPackageName() + ".")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				return (loaded != null) ? loaded : findClass(name);
			}
		}

	}

}
