package io.github.apiguard.requestid.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.requestid.RequestIdFilter;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RequestIdAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
		.withUserConfiguration(PingController.class);

	@Test
	void registersTheFilterFirstInTheChain() {
		this.runner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("apiguardRequestIdFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(RequestIdFilter.class);
			assertThat(registration.getOrder()).isLessThan(-100);
		});
	}

	@Test
	void echoesAWellFormedIdAndReplacesAMalformedOne() {
		this.runner.run((context) -> {
			MockMvcTester mvc = MockMvcTester.from(context,
					(builder) -> builder.addFilters(filter(context)).build());
			assertThat(mvc.get().uri("/ping").header("X-Request-Id", "abc-123").exchange()).headers()
				.hasValue("X-Request-Id", "abc-123");
			assertThat(mvc.get().uri("/ping").header("X-Request-Id", "x".repeat(129)).exchange().getResponse()
				.getHeader("X-Request-Id")).hasSize(36);
		});
	}

	@Test
	void headerNameAndLengthAreConfigurable() {
		this.runner.withPropertyValues("apiguard.request-id.header=X-Correlation-Id", "apiguard.request-id.max-length=4")
			.run((context) -> {
				MockMvcTester mvc = MockMvcTester.from(context,
						(builder) -> builder.addFilters(filter(context)).build());
				assertThat(mvc.get().uri("/ping").header("X-Correlation-Id", "abcd").exchange()).headers()
					.hasValue("X-Correlation-Id", "abcd");
				assertThat(mvc.get().uri("/ping").header("X-Correlation-Id", "abcde").exchange().getResponse()
					.getHeader("X-Correlation-Id")).hasSize(36);
			});
	}

	@Test
	void backsOffToTheApplicationsOwnRegistration() {
		this.runner.withBean("apiguardRequestIdFilter", FilterRegistrationBean.class, FilterRegistrationBean::new)
			.run((context) -> assertThat(context.getBean("apiguardRequestIdFilter", FilterRegistrationBean.class)
				.getFilter()).isNull());
	}

	@Test
	void isSwitchedOffByProperty() {
		this.runner.withPropertyValues("apiguard.request-id.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("apiguardRequestIdFilter"));
		this.runner.withPropertyValues("apiguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("apiguardRequestIdFilter"));
	}

	private static RequestIdFilter filter(org.springframework.context.ApplicationContext context) {
		return (RequestIdFilter) context.getBean("apiguardRequestIdFilter", FilterRegistrationBean.class).getFilter();
	}

	@RestController
	static class PingController {

		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

	}

}
