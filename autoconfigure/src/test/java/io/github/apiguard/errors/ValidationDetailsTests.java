package io.github.apiguard.errors;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.validation.annotation.Validated;
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
@SpringBootTest(classes = { TestApplication.class, ValidationDetailsTests.Endpoints.class,
		ValidationDetailsTests.ItemService.class },
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

	@Test
	void anElementOfABodyListIsNamedByItsIndex() {
		assertThat(post("/items", "[{\"name\": \"ok\"}, {\"name\": \"\"}]")).isEqualTo(
				"{\"error\":{\"code\":\"validation_failed\",\"message\":\"The request failed validation.\","
						+ "\"details\":{\"errors\":[{\"field\":\"[1].name\",\"constraint\":\"required\","
						+ "\"message\":\"must not be blank\",\"value\":\"\"}]}}}");
	}

	@Test
	void anElementOfABodyMapIsNamedByItsKey() {
		assertThat(post("/items-by-sku", "{\"a-1\": {\"name\": \"ok\"}, \"b-2\": {\"name\": \"\"}}"))
			.contains("\"field\":\"[b-2].name\"");
	}

	@Test
	void elementsOfANestedListAreInNaturalOrder() {
		StringBuilder items = new StringBuilder();
		for (int i = 0; i < 12; i++) {
			items.append((i > 0) ? "," : "").append((i == 2 || i == 10) ? "{\"name\":\"\"}" : "{\"name\":\"x\"}");
		}
		String body = post("/carts", "{\"items\": [" + items + "]}");
		assertThat(body).contains("\"field\":\"items[2].name\"").contains("\"field\":\"items[10].name\"");
		assertThat(body.indexOf("items[2].name")).isLessThan(body.indexOf("items[10].name"));
	}

	@Test
	void aConstraintViolationExceptionNamesTheElementToo() {
		assertThat(post("/validated-items", "[{\"name\": \"ok\"}, {\"name\": \"ok\"}, {\"name\": \"\"}]"))
			.contains("\"field\":\"items[2].name\"");
	}

	@Test
	void theNumberOfReportedViolationsIsCappedAndTheRestCounted() {
		StringBuilder items = new StringBuilder("[");
		for (int i = 0; i < 10_000; i++) {
			items.append((i > 0) ? "," : "").append("{\"name\":\"\"}");
		}
		String body = post("/items", items.append("]").toString());
		JsonNode details = JsonMapper.shared().readTree(body).path("error").path("details");
		assertThat(details.path("errors")).hasSize(100);
		assertThat(details.path("errors").get(0).path("field").asString()).isEqualTo("[0].name");
		assertThat(details.path("errors").get(99).path("field").asString()).isEqualTo("[99].name");
		assertThat(details.path("omitted").asInt()).isEqualTo(9_900);
		assertThat(body.length()).isLessThan(16 * 1024);
	}

	private String post(String json) {
		return post("/accounts", json);
	}

	private String post(String uri, String json) {
		try {
			return this.mvc.post()
				.uri(uri)
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

		private final ItemService service;

		Endpoints(ItemService service) {
			this.service = service;
		}

		@GetMapping("/page")
		String page(@RequestParam @Min(0) int page, @RequestParam @Max(100) int size) {
			return "ok";
		}

		@PostMapping("/accounts")
		String create(@Valid @RequestBody Account account) {
			return "ok";
		}

		@PostMapping("/items")
		String items(@Valid @RequestBody List<@Valid Item> items) {
			return "ok";
		}

		@PostMapping("/items-by-sku")
		String itemsBySku(@Valid @RequestBody Map<String, @Valid Item> items) {
			return "ok";
		}

		@PostMapping("/carts")
		String cart(@Valid @RequestBody Cart cart) {
			return "ok";
		}

		@PostMapping("/validated-items")
		String validatedItems(@RequestBody List<Item> items) {
			this.service.save(items);
			return "ok";
		}

	}

	@Service
	@Validated
	static class ItemService {

		void save(@Valid List<Item> items) {
		}

	}

	record Item(@NotBlank String name) {
	}

	record Cart(@Valid List<Item> items) {
	}

	record Account(@Email String email, @Size(min = 8) String password, @Size(min = 4) String pin) {
	}

}
