package io.github.apiguard.client.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.apiguard.client.ClientAddressResolver;
import io.github.apiguard.client.ClientKey;
import io.github.apiguard.client.ClientKeyResolver;
import io.github.apiguard.client.DefaultClientKeyResolver;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class ClientAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClientAutoConfiguration.class));

	@Test
	void warnsThatTheFrameworkStrategyLetsClientsChooseTheirAddress(CapturedOutput output) {
		this.runner.withPropertyValues("server.forward-headers-strategy=framework")
			.run((context) -> assertThat(output).contains("server.forward-headers-strategy=framework")
				.contains("server.forward-headers-strategy=native"));
	}

	@Test
	void doesNotWarnAboutTheNativeStrategy(CapturedOutput output) {
		this.runner.withPropertyValues("server.forward-headers-strategy=native")
			.run((context) -> assertThat(output).doesNotContain("forward-headers-strategy"));
	}

	@Test
	void resolvesClientsByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ClientAddressResolver.class);
			assertThat(context).getBean(ClientKeyResolver.class).isInstanceOf(DefaultClientKeyResolver.class);
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnResolver() {
		this.runner.withUserConfiguration(UserResolver.class)
			.run((context) -> assertThat(context).getBean(ClientKeyResolver.class)
				.isSameAs(context.getBean("tenantResolver")));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 48, 128 })
	void acceptsIpv6PrefixLengthsFrom1To128(int length) {
		this.runner.withPropertyValues("apiguard.client.ipv6-prefix-length=" + length)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ClientAddressResolver.class));
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 0, 129 })
	void anIpv6PrefixLengthOutside1To128FailsStartUp(int length) {
		this.runner.withPropertyValues("apiguard.client.ipv6-prefix-length=" + length)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("apiguard.client.ipv6-prefix-length");
					assertThat(ex.getValue()).isEqualTo(length);
					assertThat(ex.getReason()).contains("between 1 and 128");
				}));
	}

	@Test
	void theIpv6PrefixLengthIsValidatedEvenWithAUserResolver() {
		this.runner.withUserConfiguration(UserResolver.class)
			.withPropertyValues("apiguard.client.ipv6-prefix-length=0")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void theRemovedTrustedProxiesPropertyFailsStartUpNamingWhatReplacesIt() {
		this.runner.withPropertyValues("apiguard.client.trusted-proxies=10.0.0.0/8,192.168.1.1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("apiguard.client.trusted-proxies");
					assertThat(ex.getValue()).isEqualTo("10.0.0.0/8,192.168.1.1");
					assertThat(ex.getReason()).contains("server.forward-headers-strategy=native",
							"server.tomcat.remoteip.internal-proxies");
				});
		});
	}

	@ParameterizedTest
	@CsvSource({ "apiguard.json.strict, false, apiguard.json.enabled",
			"apiguard.rest-client.error-handler, true, apiguard.rest-client.enabled",
			"apiguard.rate-limit.memory.maximum-clients, 500, apiguard.rate-limit.memory.max-clients" })
	void aRenamedPropertyFailsStartUpNamingItsNewName(String old, String value, String replacement) {
		this.runner.withPropertyValues(old + "=" + value)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo(old);
					assertThat(ex.getReason()).contains(replacement + "=" + value);
				}));
	}

	@Test
	void theRemovedTrustedProxiesPropertyFailsStartUpInListFormToo() {
		this.runner.withPropertyValues("apiguard.client.trusted-proxies[0]=10.0.0.0/8")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class));
	}

	@Test
	void theRemovedApiKeyHeadersPropertyFailsStartUpSayingHowToAuthenticateKeys() {
		this.runner.withPropertyValues("apiguard.client.api-key-headers=X-API-Key")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("apiguard.client.api-key-headers");
					assertThat(ex.getReason()).contains("SecurityFilterChain", "credentials", "ClientKeyResolver");
				}));
	}

	@Test
	void aRealStartUpReportsThePropertyItsOriginAndWhatToDo(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "apiguard.client.trusted-proxies=127.0.0.1")
			.run()
			.close());
		assertThat(output).contains("Invalid value '127.0.0.1' for configuration property "
				+ "'apiguard.client.trusted-proxies' (originating from ")
			.contains("server.forward-headers-strategy=native")
			.contains("server.tomcat.remoteip.internal-proxies");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserResolver {

		@Bean
		ClientKeyResolver tenantResolver() {
			return (request) -> ClientKey.of(ClientKey.Kind.PRINCIPAL, "tenant-1");
		}

	}

}
