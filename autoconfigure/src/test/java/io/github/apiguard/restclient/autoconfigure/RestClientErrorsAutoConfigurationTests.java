package io.github.apiguard.restclient.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

import io.github.apiguard.restclient.ApiErrorRestClientCustomizer;
import io.github.apiguard.restclient.RemoteApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;

class RestClientErrorsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(RestClientAutoConfiguration.class, RestClientErrorsAutoConfiguration.class));

	@Test
	void givesRestClientBuildersTheStatusHandlerWhenEnabled() {
		this.runner.withPropertyValues("apiguard.rest-client.enabled=true").run((context) -> {
			RestClient.Builder builder = context.getBean(RestClient.Builder.class);
			MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
			server.expect(requestTo("/v1/builds/bld_1"))
				.andRespond(withStatus(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_JSON)
					.header("Retry-After", "5")
					.body("{\"error\":{\"code\":\"build_not_ready\",\"message\":\"Still processing.\"}}"));
			RestClient client = builder.build();
			assertThatExceptionOfType(RemoteApiException.class)
				.isThrownBy(() -> client.get().uri("/v1/builds/bld_1").retrieve().toBodilessEntity())
				.satisfies((ex) -> {
					assertThat(ex.getCode()).isEqualTo("build_not_ready");
					assertThat(ex.getRetryAfter()).hasSeconds(5);
				});
		});
	}

	@Test
	void readsErrorBodiesUpToTheConfiguredSize() {
		this.runner.withPropertyValues("apiguard.rest-client.enabled=true",
				"apiguard.rest-client.max-error-body-size=16B")
			.run((context) -> {
				RestClient.Builder builder = context.getBean(RestClient.Builder.class);
				MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
				server.expect(requestTo("/v1/builds/bld_1"))
					.andRespond(withStatus(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
						.body("{\"error\":{\"code\":\"not_found\",\"message\":\"No such build.\"}}"));
				RestClient client = builder.build();
				assertThatExceptionOfType(RemoteApiException.class)
					.isThrownBy(() -> client.get().uri("/v1/builds/bld_1").retrieve().toBodilessEntity())
					.satisfies((ex) -> {
						assertThat(ex.getCode()).isEqualTo("unknown");
						assertThat(ex.getResponseBodyAsByteArray()).hasSize(16);
					});
			});
	}

	@Test
	void anErrorBodySizeBelowOneByteFailsAtStartup() {
		this.runner.withPropertyValues("apiguard.rest-client.enabled=true",
				"apiguard.rest-client.max-error-body-size=0B")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("apiguard.rest-client.max-error-body-size"));
	}

	@Test
	void isOffUnlessEnabled() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ApiErrorRestClientCustomizer.class));
	}

	@Test
	void backsOffWithoutSpringBootsRestClientSupport() {
		this.runner.withClassLoader(new FilteredClassLoader(RestClientCustomizer.class))
			.withPropertyValues("apiguard.rest-client.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(ApiErrorRestClientCustomizer.class));
	}

}
