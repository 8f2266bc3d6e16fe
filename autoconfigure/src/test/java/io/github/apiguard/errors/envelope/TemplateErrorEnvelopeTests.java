package io.github.apiguard.errors.envelope;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import io.github.apiguard.errors.ApiError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TemplateErrorEnvelopeTests {

	private static final ErrorContext CONTEXT = new ErrorContext("/v1/builds/7", "req-1",
			Instant.parse("2026-11-23T10:15:30Z"));

	private final ApiError notFound = ApiError.builder(404, "not_found", "Build not found.").title("Not Found").build();

	@Test
	void problemShapeIsRfc9457WithTheCodeAsAnExtension() {
		TemplateErrorEnvelope envelope = TemplateErrorEnvelope.of(EnvelopeShape.PROBLEM,
				new TemplateErrorEnvelope.Options(Map.of(), null, List.of(), EmptyDetails.OMIT,
						"https://errors.example.com/"));
		assertThat(envelope.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(json(envelope, this.notFound)).isEqualTo("{\"type\":\"https://errors.example.com/not-found\","
				+ "\"title\":\"Not Found\",\"status\":404,\"detail\":\"Build not found.\",\"instance\":\"/v1/builds/7\","
				+ "\"code\":\"not_found\"}");
	}

	@Test
	void problemTypesAreValidUrisWhateverTheCode() {
		TemplateErrorEnvelope envelope = TemplateErrorEnvelope.of(EnvelopeShape.PROBLEM,
				new TemplateErrorEnvelope.Options(Map.of(), null, List.of(), EmptyDetails.OMIT,
						"https://errors.example.com"));
		String[] codes = { "payment failed/card", "PAIEMENT_REFUSÉ", "a?b#c%d", "../admin", "..", ".", "x\\y|z" };
		for (String code : codes) {
			String type = JsonMapper.shared()
				.readTree(json(envelope, ApiError.builder(402, code, "No.").build()))
				.path("type")
				.asString();
			assertThat(URI.create(type)).as(type).satisfies((uri) -> {
				assertThat(uri.getHost()).isEqualTo("errors.example.com");
				assertThat(uri.getRawQuery()).isNull();
				assertThat(uri.getRawFragment()).isNull();
				// One segment under the base: a code cannot climb out of it or add segments.
				assertThat(uri.getRawPath()).matches("/[^/]+").isEqualTo(uri.normalize().getRawPath());
			});
		}
		assertThat(json(envelope, ApiError.builder(402, "payment failed/card", "No.").build()))
			.contains("\"type\":\"https://errors.example.com/payment%20failed%2Fcard\"");
	}

	@Test
	void aProblemTypeBaseThatIsNoAbsoluteUriIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TemplateErrorEnvelope.of(EnvelopeShape.PROBLEM, new TemplateErrorEnvelope.Options(Map.of(),
					null, List.of(), EmptyDetails.OMIT, "errors at example dot com")))
			.withMessageContaining("problem-type-base");
	}

	@Test
	void anErrorsOwnProblemTypeAndExtensionMembersWinOverTheBaseInTheProblemShapeOnly() {
		ApiError limited = ApiError.builder(429, "rate_limit_exceeded", "Slow down.")
			.problemType("https://iana.org/assignments/http-problem-types#quota-exceeded")
			.problemMember("violated-policies", List.of("per-minute"))
			.build();
		TemplateErrorEnvelope problem = TemplateErrorEnvelope.of(EnvelopeShape.PROBLEM,
				new TemplateErrorEnvelope.Options(Map.of(), null, List.of(), EmptyDetails.OMIT,
						"https://errors.example.com/"));
		assertThat(json(problem, limited)).isEqualTo("{\"type\":\"https://iana.org/assignments/http-problem-types"
				+ "#quota-exceeded\",\"status\":429,\"detail\":\"Slow down.\",\"instance\":\"/v1/builds/7\","
				+ "\"code\":\"rate_limit_exceeded\",\"violated-policies\":[\"per-minute\"]}");
		// Other shapes have no place for RFC 9457 extension members: their bodies are as before.
		assertThat(json(TemplateErrorEnvelope.of(EnvelopeShape.NESTED, TemplateErrorEnvelope.Options.defaults()),
				limited))
			.isEqualTo("{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Slow down.\"}}");
	}

	@Test
	void problemTypeIsAboutBlankWithoutABase() {
		TemplateErrorEnvelope envelope = TemplateErrorEnvelope.of(EnvelopeShape.PROBLEM,
				TemplateErrorEnvelope.Options.defaults());
		assertThat(json(envelope, this.notFound)).startsWith("{\"type\":\"about:blank\"");
	}

	@Test
	void requestIdAndPromotedDetailsGoIntoTheErrorObject() {
		TemplateErrorEnvelope envelope = TemplateErrorEnvelope.of(EnvelopeShape.WRAPPED, new TemplateErrorEnvelope.Options(
				Map.of(), "request_id", List.of("tier"), EmptyDetails.OMIT, null));
		ApiError limited = ApiError.builder(429, "RATE_LIMIT_EXCEEDED", "Slow down.")
			.detail("tier", "public_key")
			.detail("limit", 100)
			.build();
		assertThat(json(envelope, limited)).isEqualTo("{\"code\":429,\"status\":\"error\",\"error\":{"
				+ "\"code\":\"RATE_LIMIT_EXCEEDED\",\"message\":\"Slow down.\",\"details\":{\"limit\":100},"
				+ "\"request_id\":\"req-1\",\"tier\":\"public_key\"}}");
	}

	@Test
	void emptyDetailsCanBeWrittenAsNull() {
		TemplateErrorEnvelope envelope = TemplateErrorEnvelope.of(EnvelopeShape.FLAT,
				new TemplateErrorEnvelope.Options(Map.of(), null, List.of(), EmptyDetails.NULL, null));
		assertThat(json(envelope, this.notFound))
			.isEqualTo("{\"error\":\"not_found\",\"message\":\"Build not found.\",\"details\":null}");
	}

	@Test
	void templatePlaceholdersInsideTextAreInterpolatedAndArraysKept() {
		TemplateErrorEnvelope envelope = new TemplateErrorEnvelope(
				"{\"errors\":[{\"code\":\"${code}\",\"at\":\"${timestamp}\",\"retry\":\"${retryable}\"}],"
						+ "\"see\":\"https://docs/${code}?r=${requestId}\"}",
				MediaType.APPLICATION_JSON, TemplateErrorEnvelope.Options.defaults());
		assertThat(json(envelope, this.notFound)).isEqualTo("{\"errors\":[{\"code\":\"not_found\","
				+ "\"at\":\"2026-11-23T10:15:30Z\",\"retry\":false}],\"see\":\"https://docs/not_found?r=req-1\"}");
	}

	@Test
	void rejectsTemplatesThatCannotIdentifyTheError() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TemplateErrorEnvelope("{\"message\":\"${message}\"}", MediaType.APPLICATION_JSON,
					TemplateErrorEnvelope.Options.defaults()))
			.withMessageContaining("${code}");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TemplateErrorEnvelope("[\"${code}\"]", MediaType.APPLICATION_JSON,
					TemplateErrorEnvelope.Options.defaults()))
			.withMessageContaining("JSON object");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TemplateErrorEnvelope("{\"code\": ", MediaType.APPLICATION_JSON,
					TemplateErrorEnvelope.Options.defaults()))
			.withMessageContaining("not valid JSON");
	}

	@Test
	void anErrorObjectWhoseCodeIsInterpolatedStillReceivesTheRequestIdAndPromotedDetails() {
		TemplateErrorEnvelope envelope = new TemplateErrorEnvelope(
				"{\"fault\":{\"id\":\"ERR-${code}\",\"text\":\"${message}\",\"details\":\"${details}\"}}",
				MediaType.APPLICATION_JSON,
				new TemplateErrorEnvelope.Options(Map.of(), "request_id", List.of("tier"), EmptyDetails.OMIT, null));
		ApiError limited = ApiError.builder(429, "rate_limited", "Slow down.")
			.detail("tier", "public_key")
			.detail("limit", 100)
			.build();
		assertThat(json(envelope, limited)).isEqualTo("{\"fault\":{\"id\":\"ERR-rate_limited\",\"text\":\"Slow down.\","
				+ "\"details\":{\"limit\":100},\"request_id\":\"req-1\",\"tier\":\"public_key\"}}");
	}

	@Test
	void aTemplateWithNoObjectForTheRequestIdOrPromotedDetailsIsRejected() {
		String template = "{\"codes\":[\"${code}\"],\"message\":\"${message}\"}";
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TemplateErrorEnvelope(template, MediaType.APPLICATION_JSON,
					new TemplateErrorEnvelope.Options(Map.of(), "request_id", List.of(), EmptyDetails.OMIT, null)))
			.withMessageContaining("request-id-member");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TemplateErrorEnvelope(template, MediaType.APPLICATION_JSON,
					new TemplateErrorEnvelope.Options(Map.of(), null, List.of("tier"), EmptyDetails.OMIT, null)))
			.withMessageContaining("promoted-details");
	}

	@Test
	void aCodeThatIsOnlyAMemberNameIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TemplateErrorEnvelope("{\"${code}\":\"${message}\"}", MediaType.APPLICATION_JSON,
					TemplateErrorEnvelope.Options.defaults()))
			.withMessageContaining("member name");
	}

	@Test
	void renamingAMemberOntoAnotherIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TemplateErrorEnvelope.of(EnvelopeShape.FLAT, new TemplateErrorEnvelope.Options(
					Map.of("message", "error"), null, List.of(), EmptyDetails.OMIT, null)))
			.withMessageContaining("member-names")
			.withMessageContaining("\"error\"");
	}

	@Test
	void aRequestIdMemberOrPromotedDetailThatIsAlreadyAMemberIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TemplateErrorEnvelope.of(EnvelopeShape.NESTED, new TemplateErrorEnvelope.Options(Map.of(),
					"message", List.of(), EmptyDetails.OMIT, null)))
			.withMessageContaining("request-id-member");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TemplateErrorEnvelope.of(EnvelopeShape.NESTED, new TemplateErrorEnvelope.Options(Map.of(),
					null, List.of("code"), EmptyDetails.OMIT, null)))
			.withMessageContaining("promoted-details");
	}

	@Test
	void aMemberNameThatIsNotInTheTemplateIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TemplateErrorEnvelope.of(EnvelopeShape.NESTED, new TemplateErrorEnvelope.Options(
					Map.of("mesage", "description"), null, List.of(), EmptyDetails.OMIT, null)))
			.withMessageContaining("mesage");
	}

	@Test
	void aTemplateWithADuplicateMemberIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TemplateErrorEnvelope("{\"e\":\"${code}\",\"e\":\"${message}\"}",
					MediaType.APPLICATION_JSON, TemplateErrorEnvelope.Options.defaults()))
			.withMessageContaining("\"e\"");
	}

	@Test
	void detailsInterpolatedIntoTextAreJson() {
		TemplateErrorEnvelope envelope = new TemplateErrorEnvelope(
				"{\"code\":\"${code}\",\"summary\":\"${message} ${details}\"}", MediaType.APPLICATION_JSON,
				TemplateErrorEnvelope.Options.defaults());
		ApiError invalid = ApiError.builder(400, "invalid_request", "Bad.")
			.detail("field", "name")
			.detail("allowed", List.of("a", "b"))
			.build();
		assertThat(JsonMapper.shared().readTree(json(envelope, invalid)).path("summary").asString())
			.isEqualTo("Bad. {\"field\":\"name\",\"allowed\":[\"a\",\"b\"]}");
	}

	private static String json(ErrorEnvelope envelope, ApiError error) {
		return JsonMapper.shared().writeValueAsString(envelope.body(error, CONTEXT));
	}

}
