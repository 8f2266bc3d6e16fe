package io.github.apiguard.errors;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * apiguard is part of {@code @WebMvcTest} slices with no extra set-up, so an API's own controller tests
 * see the same envelope as production.
 */
@WebMvcTest(WebMvcTestSliceTests.Controller.class)
@ContextConfiguration(classes = TestApplication.class)
@Import(WebMvcTestSliceTests.Controller.class)
class WebMvcTestSliceTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	@WithMockUser
	void errorsAreRenderedInTheEnvelopeInsideTheSlice() {
		assertThat(this.mvc.get().uri("/builds/42").exchange()).hasStatus(404)
			.bodyText()
			.isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"Build not found.\"}}");
	}

	@RestController
	static class Controller {

		@GetMapping("/builds/{id}")
		void build() {
			throw new NotFoundException("Build not found.");
		}

	}

}
