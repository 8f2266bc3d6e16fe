package io.github.apiguard.requestid;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdFilterTests {

	private final RequestIdFilter filter = new RequestIdFilter("X-Request-Id", 128, "requestId");

	@Test
	void theIdIsInTheMdcWhileTheRequestIsHandledAndGoneAfterwards() throws Exception {
		AtomicReference<String> seen = new AtomicReference<>();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Request-Id", "abc-123");
		this.filter.doFilter(request, new MockHttpServletResponse(),
				new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
				}, (req, res, chain) -> seen.set(MDC.get("requestId"))));
		assertThat(seen.get()).isEqualTo("abc-123");
		assertThat(MDC.get("requestId")).isNull();
		assertThat(RequestId.of(request)).isEqualTo("abc-123");
	}

	@Test
	void headerAndLogInjectionAttemptsAreReplaced() throws Exception {
		for (String hostile : new String[] { "abc\r\nSet-Cookie: x=1", "a b", "<script>", "abc\u0000", "ümlaut", "" }) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
			request.addHeader("X-Request-Id", hostile);
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.filter.doFilter(request, response, new MockFilterChain());
			assertThat(response.getHeader("X-Request-Id")).as(hostile).matches("[0-9a-f-]{36}");
		}
	}

	@Test
	void anErrorDispatchKeepsTheOriginalId() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestId.ATTRIBUTE, "original-id");
		request.setDispatcherType(jakarta.servlet.DispatcherType.ERROR);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		assertThat(response.getHeader("X-Request-Id")).isEqualTo("original-id");
		assertThat(RequestId.of((HttpServletRequest) request)).isEqualTo("original-id");
	}

}
