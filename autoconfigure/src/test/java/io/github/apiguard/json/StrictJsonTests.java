package io.github.apiguard.json;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.json.autoconfigure.JsonAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JSON value of the wrong type is a 400 naming the field, never a silent coercion — unless
 * {@code apiguard.json.enabled=false}.
 */
class StrictJsonTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, ErrorsAutoConfiguration.class, JsonAutoConfiguration.class))
		.withUserConfiguration(Builds.class);

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "{\"name\":123}|name", "{\"name\":1.5}|name", "{\"name\":true}|name",
			"{\"name\":{\"a\":1}}|name", "{\"name\":[\"a\"]}|name", "{\"name\":\"a\",\"count\":\"5\"}|count",
			"{\"name\":\"a\",\"count\":5.7}|count", "{\"name\":\"a\",\"count\":true}|count",
			"{\"name\":\"a\",\"public\":\"true\"}|public", "{\"name\":\"a\",\"public\":1}|public",
			"{\"name\":\"a\",\"tags\":\"x\"}|tags", "{\"name\":\"a\",\"tags\":[1]}|tags[0]" })
	void valueOfTheWrongTypeIs400NamingTheField(String json, String field) {
		this.runner.run((context) -> {
			MvcTestResult result = post(context, json);
			assertThat(result).hasStatus(400);
			assertThat(result).bodyText().contains("\"" + field + "\"");
		});
	}

	@Test
	void valuesOfTheDeclaredTypesAreAccepted() {
		this.runner.run((context) -> assertThat(
				post(context, "{\"name\":\"a\",\"count\":5,\"public\":true,\"tags\":[\"x\"],\"ratio\":2}"))
			.hasStatusOk());
	}

	@Test
	void strictModeCanBeSwitchedOff() {
		this.runner.withPropertyValues("apiguard.json.enabled=false")
			.run((context) -> assertThat(post(context, "{\"name\":123,\"count\":\"5\"}")).hasStatusOk()
				.bodyText()
				.contains("\"name\":\"123\""));
	}

	private static MvcTestResult post(ApplicationContext context, String json) {
		return MockMvcTester.from((WebApplicationContext) context)
			.post()
			.uri("/builds")
			.contentType(MediaType.APPLICATION_JSON)
			.content(json)
			.exchange();
	}

	record Build(String name, Integer count, @JsonProperty("public") Boolean isPublic, List<String> tags,
			Double ratio) {
	}

	@RestController
	static class Builds {

		@PostMapping("/builds")
		Map<String, Object> create(@RequestBody Build build) {
			return Map.of("name", build.name(), "count", build.count());
		}

	}

}
