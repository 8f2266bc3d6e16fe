package io.github.apiguard.errors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation details: method parameters as well as bodies, a stable order, rejected values only when
 * enabled and never for sensitive fields.
 */
@SpringBootTest(classes = { TestApplication.class, ValidationDetailsTests.Endpoints.class },
		properties = { "apiguard.errors.validation.include-rejected-value=true",
				"apiguard.errors.validation.sensitive-fields=password,pin" })
@AutoConfigureMockMvc
class ValidationDetailsTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void methodParameterConstraintsAreReportedPerParameter() {
		assertThat(this.mvc.get().uri("/page?size=500&page=-1").exchange()).hasStatus(400)
			.bodyText()
			.isEqualTo("{\"error\":{\"code\":\"validation_failed\",\"message\":\"The request failed validation.\","
					+ "\"details\":{\"errors\":[{\"field\":\"page\",\"constraint\":\"min\","
					+ "\"message\":\"must be greater than or equal to 0\",\"value\":-1},"
					+ "{\"field\":\"size\",\"constraint\":\"max\",\"message\":\"must be less than or equal to 100\","
					+ "\"value\":500}]}}}");
	}

	@Test
	void rejectedValuesOfSensitiveFieldsAreNeverEchoed() {
		String body = post("{\"email\": \"not-an-email\", \"password\": \"hunter2\", \"pin\": \"12\"}");
		assertThat(body).contains("not-an-email").doesNotContain("hunter2").doesNotContain("\"12\"");
	}

	@Test
	void theOrderIsStableAcrossRuns() {
		String first = post("{\"email\": \"x\", \"password\": \"a\", \"pin\": \"1\"}");
		for (int i = 0; i < 20; i++) {
			assertThat(post("{\"email\": \"x\", \"password\": \"a\", \"pin\": \"1\"}")).isEqualTo(first);
		}
		assertThat(first.indexOf("email")).isLessThan(first.indexOf("password"));
		assertThat(first.indexOf("password")).isLessThan(first.indexOf("\"pin\""));
	}

	private String post(String json) {
		try {
			return this.mvc.post()
				.uri("/accounts")
				.contentType(MediaType.APPLICATION_JSON)
				.content(json)
				.exchange()
				.getResponse()
				.getContentAsString();
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@RestController
	static class Endpoints {

		@GetMapping("/page")
		String page(@RequestParam @Min(0) int page, @RequestParam @Max(100) int size) {
			return "ok";
		}

		@PostMapping("/accounts")
		String create(@Valid @RequestBody Account account) {
			return "ok";
		}

	}

	record Account(@Email String email, @Size(min = 8) String password, @Size(min = 4) String pin) {
	}

}
