package io.github.apiguard.benchmarks;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.http.HttpMethod;

import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.envelope.EnvelopeShape;
import io.github.apiguard.errors.envelope.TemplateErrorEnvelope;
import io.github.apiguard.errors.mapping.ApiErrorResolver;
import io.github.apiguard.errors.mapping.ApiExceptionMapper;
import io.github.apiguard.errors.mapping.SpringWebExceptionMapper;
import io.github.apiguard.errors.web.ApiErrorRenderer;
import io.github.apiguard.errors.web.ErrorLogging;

/**
 * Rendering one 404 for an unknown route, start to bytes: apiguard's renderer against Spring's
 * {@link ResponseEntityExceptionHandler} producing a {@link ProblemDetail} serialized by the same mapper.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ErrorRenderingBenchmark {

	private final NoResourceFoundException exception = new NoResourceFoundException(HttpMethod.GET, "/missing",
			"missing");

	private JsonMapper mapper;

	private ApiErrorRenderer renderer;

	private ResponseEntityExceptionHandler spring;

	@Setup
	public void setUp() {
		this.mapper = JsonMapper.builder().build();
		ErrorCatalog catalog = ErrorCatalog.defaults();
		this.renderer = new ApiErrorRenderer(
				new ApiErrorResolver(List.of(new ApiExceptionMapper(), new SpringWebExceptionMapper()), catalog, false),
				TemplateErrorEnvelope.of(EnvelopeShape.NESTED, TemplateErrorEnvelope.Options.defaults()), this.mapper,
				List.of(), new ErrorLogging(null, null, false), "X-Request-Id", Clock.systemUTC());
		this.spring = new ResponseEntityExceptionHandler() {
		};
	}

	@Benchmark
	public byte[] apiguard() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.renderer.write(this.exception, new MockHttpServletRequest("GET", "/missing"), response);
		return response.getContentAsByteArray();
	}

	@Benchmark
	public byte[] springProblemDetail() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/missing");
		MockHttpServletResponse response = new MockHttpServletResponse();
		ResponseEntity<Object> entity = this.spring.handleException(this.exception, new ServletWebRequest(request, response));
		byte[] body = this.mapper.writeValueAsBytes(entity.getBody());
		response.setStatus(entity.getStatusCode().value());
		response.setContentType("application/problem+json");
		response.getOutputStream().write(body);
		return response.getContentAsByteArray();
	}

}
