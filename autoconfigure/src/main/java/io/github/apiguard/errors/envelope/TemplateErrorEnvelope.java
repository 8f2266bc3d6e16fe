package io.github.apiguard.errors.envelope;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriUtils;

import io.github.apiguard.errors.ApiError;

/**
 * An {@link ErrorEnvelope} described by a JSON template. String values of the form {@code "${name}"} are
 * replaced by the error's values; everything else is written as it stands. For example seed 003's shape:
 * <pre>{@code
 * {"code": "${status}", "status": "error", "message": "${title}",
 *  "error": {"code": "${code}", "message": "${message}", "details": "${details}"}}
 * }</pre>
 * Placeholders: {@code code}, {@code message}, {@code title}, {@code status} (a number), {@code details},
 * {@code requestId}, {@code timestamp}, {@code path}, {@code type} (RFC 9457 problem type),
 * {@code retryable} (a boolean); {@code type} is the error's own {@link ApiError#problemType() problem type}
 * when it has one. An {@code application/problem+json} envelope adds the error's
 * {@link ApiError#problemMembers() extension members} to the top-level object. A member whose placeholder has no value is left out; {@code details}
 * follows {@link EmptyDetails}. A placeholder inside longer text is interpolated as a string; {@code details}
 * is interpolated as JSON.
 * <p>
 * An object with a member whose value holds {@code ${code}} — alone or inside text — is an <em>error
 * object</em>: the request id member and promoted details are added to it. Nothing the template is given can
 * be lost without a word: a template is refused when {@code ${code}} is in no value (member names are not
 * interpolated), when a member name appears twice in an object (as written or after
 * {@link Options#memberNames() renaming}), when a member to rename is not in the template, when the request
 * id member or a promoted detail is already a member of the error object, or when they are configured and
 * there is no error object to add them to.
 */
public final class TemplateErrorEnvelope implements ErrorEnvelope {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");

	private static final Set<String> PLACEHOLDERS = Set.of("code", "message", "title", "status", "details",
			"requestId", "timestamp", "path", "type", "retryable");

	private static final Object ABSENT = new Object();

	/** Reads templates; a member written twice is a mistake, not "the last one wins". */
	private static final JsonMapper TEMPLATE_READER = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private final TemplateNode root;

	private final MediaType contentType;

	private final Options options;

	/**
	 * Compiles a template.
	 * @param template a JSON object, with placeholders
	 * @param contentType the {@code Content-Type} of error bodies
	 * @param options renaming and additions
	 * @throws IllegalArgumentException if the template is not a JSON object, names an unknown placeholder,
	 * has no {@code ${code}} in a value, or would lose a member, the request id or a promoted detail (see
	 * above)
	 */
	public TemplateErrorEnvelope(String template, MediaType contentType, Options options) {
		Assert.hasText(template, "'template' must not be empty");
		this.contentType = contentType;
		this.options = options;
		JsonNode tree;
		try {
			tree = TEMPLATE_READER.readTree(template);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"The error envelope template is not valid JSON (" + ex.getOriginalMessage() + "): " + template, ex);
		}
		if (tree == null || !tree.isObject()) {
			throw new IllegalArgumentException("The error envelope template must be a JSON object: " + template);
		}
		checkProblemTypeBase(options.problemTypeBase());
		Compilation compilation = new Compilation(options);
		this.root = compilation.compile(tree);
		compilation.check(template);
	}

	/**
	 * Compiles one of the built-in shapes.
	 * @param shape the shape, not {@link EnvelopeShape#TEMPLATE}
	 * @param options renaming and additions
	 * @return the envelope, {@code application/problem+json} for {@link EnvelopeShape#PROBLEM}
	 */
	public static TemplateErrorEnvelope of(EnvelopeShape shape, Options options) {
		String template = shape.template();
		Assert.notNull(template, "Shape TEMPLATE needs a template");
		MediaType type = (shape == EnvelopeShape.PROBLEM) ? MediaType.APPLICATION_PROBLEM_JSON
				: MediaType.APPLICATION_JSON;
		return new TemplateErrorEnvelope(template, type, options);
	}

	/**
	 * The options the template is rendered with.
	 * @return the options
	 */
	public Options options() {
		return this.options;
	}

	@Override
	public MediaType contentType() {
		return this.contentType;
	}

	@Override
	public Object body(ApiError error, ErrorContext context) {
		Values values = new Values(error, context, this.options);
		Object body = this.root.render(values);
		if (body instanceof Map<?, ?> && !error.problemMembers().isEmpty()
				&& MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(this.contentType)) {
			// RFC 9457 extension members belong beside "type", at the top level; a member the template already
			// writes keeps its value: the template's members are the envelope's contract.
			@SuppressWarnings("unchecked")
			Map<String, @Nullable Object> problem = (Map<String, @Nullable Object>) body;
			error.problemMembers().forEach(problem::putIfAbsent);
		}
		return (body != ABSENT) ? body : Map.of();
	}

	private static void checkProblemTypeBase(@Nullable String base) {
		if (!StringUtils.hasText(base)) {
			return;
		}
		try {
			if (new URI(base).isAbsolute()) {
				return;
			}
		}
		catch (URISyntaxException ex) {
			// Reported below.
		}
		throw new IllegalArgumentException("apiguard.errors.envelope.problem-type-base \"" + base
				+ "\" is not an absolute URI; set one such as https://errors.example.com, or leave it empty for "
				+ "about:blank");
	}

	/**
	 * One template being compiled, with what the checks after it need to know.
	 */
	private static final class Compilation {

		private final Options options;

		private final Set<String> renamed = new LinkedHashSet<>();

		private final Set<String> allMembers = new LinkedHashSet<>();

		private final List<Set<String>> errorObjects = new ArrayList<>();

		private boolean codeInValue;

		Compilation(Options options) {
			this.options = options;
		}

		TemplateNode compile(JsonNode node) {
			if (node.isObject()) {
				return compileObject(node);
			}
			if (node.isArray()) {
				List<TemplateNode> elements = new ArrayList<>();
				node.values().forEach((element) -> elements.add(compile(element)));
				return new ArrayTemplate(elements);
			}
			if (node.isString()) {
				String text = node.stringValue();
				Matcher matcher = PLACEHOLDER.matcher(text);
				boolean found = false;
				while (matcher.find()) {
					found = true;
					if (!PLACEHOLDERS.contains(matcher.group(1))) {
						throw new IllegalArgumentException("Unknown placeholder \"" + matcher.group()
								+ "\" in the error envelope template; known: " + PLACEHOLDERS);
					}
					this.codeInValue |= matcher.group(1).equals("code");
				}
				if (found) {
					matcher.reset();
					if (matcher.matches()) {
						return new Placeholder(matcher.group(1));
					}
					return new Interpolation(text);
				}
			}
			return new Literal(JsonMapper.shared().treeToValue(node, Object.class));
		}

		private TemplateNode compileObject(JsonNode node) {
			List<Member> members = new ArrayList<>();
			Map<String, String> names = new LinkedHashMap<>();
			boolean errorObject = false;
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				String written = entry.getKey();
				Matcher placeholder = PLACEHOLDER.matcher(written);
				if (placeholder.find()) {
					throw new IllegalArgumentException("\"" + placeholder.group() + "\" is in a member name of the "
							+ "error envelope template, and member names are not interpolated: put it in a value");
				}
				this.allMembers.add(written);
				String name = written;
				if (this.options.memberNames().containsKey(written)) {
					name = this.options.memberNames().get(written);
					this.renamed.add(written);
				}
				String other = names.put(name, written);
				if (other != null) {
					throw new IllegalArgumentException("apiguard.errors.envelope.member-names gives two members of one "
							+ "object the name \"" + name + "\" (\"" + other + "\" and \"" + written
							+ "\"), so one would overwrite the other; rename them apart");
				}
				TemplateNode value = compile(entry.getValue());
				errorObject |= holdsCode(value);
				members.add(new Member(name, value));
			}
			if (errorObject) {
				this.errorObjects.add(names.keySet());
			}
			return new ObjectTemplate(members, errorObject);
		}

		private static boolean holdsCode(TemplateNode value) {
			return (value instanceof Placeholder placeholder && placeholder.name().equals("code"))
					|| (value instanceof Interpolation interpolation && interpolation.text().contains("${code}"));
		}

		void check(String template) {
			if (!this.codeInValue) {
				throw new IllegalArgumentException(
						"The error envelope template must contain \"${code}\" in a value: " + template);
			}
			Set<String> unknown = new LinkedHashSet<>(this.options.memberNames().keySet());
			unknown.removeAll(this.renamed);
			if (!unknown.isEmpty()) {
				throw new IllegalArgumentException("apiguard.errors.envelope.member-names renames " + unknown
						+ ", which the template does not have; its members are " + this.allMembers);
			}
			String requestIdMember = this.options.requestIdMember();
			boolean addsRequestId = StringUtils.hasText(requestIdMember);
			if (this.errorObjects.isEmpty() && (addsRequestId || !this.options.promotedDetails().isEmpty())) {
				throw new IllegalArgumentException((addsRequestId ? "apiguard.errors.envelope.request-id-member" : "")
						+ ((addsRequestId && !this.options.promotedDetails().isEmpty()) ? " and " : "")
						+ (!this.options.promotedDetails().isEmpty() ? "apiguard.errors.envelope.promoted-details" : "")
						+ " would be lost: they are added to the object with \"${code}\" in a member's value, and this "
						+ "template has none: " + template);
			}
			for (Set<String> members : this.errorObjects) {
				if (addsRequestId && members.contains(requestIdMember)) {
					throw new IllegalArgumentException("apiguard.errors.envelope.request-id-member \"" + requestIdMember
							+ "\" is already a member of the error object " + members + "; choose another name");
				}
				for (String promoted : this.options.promotedDetails()) {
					if (members.contains(promoted) || promoted.equals(requestIdMember)) {
						throw new IllegalArgumentException("apiguard.errors.envelope.promoted-details names \""
								+ promoted + "\", which is already a member of the error object " + members
								+ " (or the request id member): the detail would be lost");
					}
				}
			}
		}

	}

	/**
	 * How a template is adapted without rewriting it.
	 *
	 * @param memberNames renames members at any level, by their name in the template
	 * @param requestIdMember the name under which the request id is added to the error object, or
	 * {@code null}
	 * @param promotedDetails detail names written into the error object instead of {@code details}
	 * @param emptyDetails what {@code details} holds when there are none
	 * @param problemTypeBase the base URI of RFC 9457 problem types; {@code null} for {@code about:blank}
	 */
	public record Options(Map<String, String> memberNames, @Nullable String requestIdMember,
			List<String> promotedDetails, EmptyDetails emptyDetails, @Nullable String problemTypeBase) {

		/**
		 * The options of a template used as it is.
		 * @return default options
		 */
		public static Options defaults() {
			return new Options(Map.of(), null, List.of(), EmptyDetails.OMIT, null);
		}

	}

	private static final class Values {

		private final ApiError error;

		private final ErrorContext context;

		private final Options options;

		private final Map<String, @Nullable Object> details;

		private final Map<String, @Nullable Object> promoted = new LinkedHashMap<>();

		Values(ApiError error, ErrorContext context, Options options) {
			this.error = error;
			this.context = context;
			this.options = options;
			Map<String, @Nullable Object> remaining = new LinkedHashMap<>(error.details());
			for (String name : options.promotedDetails()) {
				if (remaining.containsKey(name)) {
					this.promoted.put(name, remaining.remove(name));
				}
			}
			this.details = remaining;
		}

		@Nullable Object get(String name) {
			return switch (name) {
				case "code" -> this.error.code();
				case "message" -> this.error.message();
				case "title" -> orAbsent(this.error.title());
				case "status" -> this.error.status();
				case "details" -> (!this.details.isEmpty()) ? this.details
						: (this.options.emptyDetails() == EmptyDetails.NULL) ? null : ABSENT;
				case "requestId" -> orAbsent(this.context.requestId());
				case "timestamp" -> this.context.timestamp().toString();
				case "path" -> orAbsent(this.context.path());
				case "type" -> problemType();
				case "retryable" -> this.error.retryable();
				default -> ABSENT;
			};
		}

		private String problemType() {
			if (this.error.problemType() != null) {
				// A registered type (e.g. IANA's quota-exceeded) says more than one derived from the code.
				return this.error.problemType();
			}
			String base = this.options.problemTypeBase();
			if (!StringUtils.hasText(base)) {
				return "about:blank";
			}
			String slug = this.error.code().toLowerCase(Locale.ROOT).replace('_', '-');
			// A code is any text ("payment failed/card"): encoded as one path segment, the type is a valid
			// URI and stays under the base.
			String segment = UriUtils.encodePathSegment(slug, StandardCharsets.UTF_8);
			if (segment.equals(".") || segment.equals("..")) {
				// Dot segments are allowed characters but would be resolved away, leaving the base.
				segment = segment.replace(".", "%2E");
			}
			return base.endsWith("/") ? base + segment : base + "/" + segment;
		}

		void addToErrorObject(Map<String, @Nullable Object> errorObject) {
			String requestIdMember = this.options.requestIdMember();
			if (StringUtils.hasText(requestIdMember) && this.context.requestId() != null) {
				errorObject.put(requestIdMember, this.context.requestId());
			}
			// The names were checked against the template's: nothing is overwritten here.
			this.promoted.forEach(errorObject::put);
		}

		private static Object orAbsent(@Nullable Object value) {
			return (value != null) ? value : ABSENT;
		}

	}

	private sealed interface TemplateNode permits ObjectTemplate, ArrayTemplate, Placeholder, Interpolation, Literal {

		@Nullable Object render(Values values);

	}

	private record Member(String name, TemplateNode value) {
	}

	private record ObjectTemplate(List<Member> members, boolean errorObject) implements TemplateNode {

		@Override
		public Object render(Values values) {
			Map<String, @Nullable Object> object = new LinkedHashMap<>();
			for (Member member : this.members) {
				Object value = member.value.render(values);
				if (value != ABSENT) {
					object.put(member.name, value);
				}
			}
			if (this.errorObject) {
				values.addToErrorObject(object);
			}
			return object;
		}

	}

	private record ArrayTemplate(List<TemplateNode> elements) implements TemplateNode {

		@Override
		public Object render(Values values) {
			List<@Nullable Object> array = new ArrayList<>();
			for (TemplateNode element : this.elements) {
				Object value = element.render(values);
				if (value != ABSENT) {
					array.add(value);
				}
			}
			return array;
		}

	}

	private record Placeholder(String name) implements TemplateNode {

		@Override
		public @Nullable Object render(Values values) {
			return values.get(this.name);
		}

	}

	private record Interpolation(String text) implements TemplateNode {

		@Override
		public Object render(Values values) {
			Matcher matcher = PLACEHOLDER.matcher(this.text);
			StringBuilder result = new StringBuilder();
			while (matcher.find()) {
				Object value = values.get(matcher.group(1));
				String replacement = (value == null || value == ABSENT) ? "" : asText(value);
				matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
			}
			matcher.appendTail(result);
			return result.toString();
		}

	}

	private static String asText(Object value) {
		// Details are maps and lists: their JSON, not Java's toString ("{field=name}"), is what a client reads.
		if (value instanceof Map<?, ?> || value instanceof Collection<?> || value.getClass().isArray()) {
			return JsonMapper.shared().writeValueAsString(value);
		}
		return String.valueOf(value);
	}

	private record Literal(@Nullable Object value) implements TemplateNode {

		@Override
		public @Nullable Object render(Values values) {
			return this.value;
		}

	}

}
