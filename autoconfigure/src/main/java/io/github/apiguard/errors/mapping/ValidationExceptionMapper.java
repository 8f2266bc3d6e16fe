package io.github.apiguard.errors.mapping;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;
import org.springframework.util.ConcurrentReferenceHashMap;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.ErrorCatalog;

/**
 * Maps Bean Validation failures — {@code @Valid} bodies and form objects, method parameter validation and
 * {@code ConstraintViolationException} — to {@code validation_failed} with field details in a stable order:
 * by where the property is declared, then by field path in natural order ({@code items[2]} before
 * {@code items[10]}), constraint and message.
 * <p>
 * A field is named by its path from the body (or the parameter): nested properties joined by {@code .}, an
 * element of a list or array by its index and an entry of a map by its key, in brackets:
 * {@code items[2].name}, {@code address.lines[0]}, {@code [1].name} for the second element of a
 * {@code @RequestBody List<@Valid Item>}, {@code [sku-7].name} for an entry of a {@code Map}. At most
 * {@link ValidationOptions#maxViolations()} violations are listed; how many more there were is the
 * {@code omitted} detail.
 */
public final class ValidationExceptionMapper implements ExceptionMapper, Ordered {

	private static final boolean BEAN_VALIDATION_PRESENT = ClassUtils
		.isPresent("jakarta.validation.ConstraintViolationException", ValidationExceptionMapper.class.getClassLoader());

	/** The details member counting the violations left out of the list. */
	public static final String OMITTED_MEMBER = "omitted";

	private static final Comparator<FieldViolation> ORDER = Comparator.comparingInt(FieldViolation::position)
		.thenComparing(FieldViolation::element, ValidationExceptionMapper::compareNaturally)
		.thenComparingInt(FieldViolation::elementPosition)
		.thenComparing((violation) -> Objects.toString(violation.field(), ""), ValidationExceptionMapper::compareNaturally)
		.thenComparing(FieldViolation::constraint)
		.thenComparing(FieldViolation::message);

	private static final Map<Class<?>, List<String>> PROPERTY_ORDER = new ConcurrentReferenceHashMap<>();

	private final ValidationOptions options;

	private final List<String> sensitiveWords;

	/**
	 * Creates a mapper.
	 * @param options how failures are reported
	 */
	public ValidationExceptionMapper(ValidationOptions options) {
		this.options = options;
		this.sensitiveWords = options.sensitiveFields()
			.stream()
			.map(ValidationExceptionMapper::normalize)
			.filter((word) -> !word.isEmpty())
			.distinct()
			.toList();
	}

	@Override
	public @Nullable ApiError map(Throwable exception, ErrorCatalog catalog) {
		List<FieldViolation> violations = violations(exception);
		if (violations == null) {
			return null;
		}
		violations.sort(ORDER);
		ApiError.Builder builder = catalog.error(BuiltInErrorCode.VALIDATION_FAILED);
		if (this.options.message() == ValidationOptions.ValidationMessage.FIRST_VIOLATION && !violations.isEmpty()) {
			builder.message(violations.get(0).message());
		}
		if (!violations.isEmpty()) {
			builder.details(details(violations));
		}
		return builder.build();
	}

	private @Nullable List<FieldViolation> violations(Throwable exception) {
		if (exception instanceof BindingResult result) {
			return fromErrors(result, result.getTarget(), 0, "");
		}
		if (exception instanceof HandlerMethodValidationException validation) {
			return fromMethodValidation(validation);
		}
		if (BEAN_VALIDATION_PRESENT) {
			return BeanValidation.violations(exception);
		}
		return null;
	}

	/**
	 * The violations of one object: a body or form object, or one element of a validated container, in
	 * which case {@code element} is its path ({@code [2]}, {@code items[sku-7]}) and prefixes every field.
	 */
	private static List<FieldViolation> fromErrors(Errors errors, @Nullable Object target, int basePosition,
			String element) {
		List<FieldViolation> violations = new ArrayList<>();
		Class<?> type = (target != null) ? target.getClass() : null;
		for (ObjectError error : errors.getAllErrors()) {
			String constraint = Objects.requireNonNullElse(error.getCode(), "invalid");
			if (error instanceof FieldError fieldError) {
				String field = fieldError.getField();
				// A binding failure's default message is framework text ("Failed to convert ..."): never echo it.
				String message = fieldError.isBindingFailure() ? "has an invalid value"
						: Objects.requireNonNullElse(fieldError.getDefaultMessage(), "is invalid");
				Object rejected = fieldError.isBindingFailure() ? null : fieldError.getRejectedValue();
				violations.add(element.isEmpty()
						? new FieldViolation(field, constraint, message, rejected, basePosition + position(type, field))
						: new FieldViolation(join(element, field), constraint, message, rejected, basePosition, element,
								position(type, field)));
			}
			else {
				String message = Objects.requireNonNullElse(error.getDefaultMessage(), "is invalid");
				violations.add(element.isEmpty() ? new FieldViolation(null, constraint, message, null, basePosition)
						: new FieldViolation(element, constraint, message, null, basePosition, element, -1));
			}
		}
		return violations;
	}

	private static List<FieldViolation> fromMethodValidation(HandlerMethodValidationException exception) {
		List<FieldViolation> violations = new ArrayList<>();
		for (ParameterValidationResult result : exception.getParameterValidationResults()) {
			MethodParameter parameter = result.getMethodParameter();
			int position = parameter.getParameterIndex() * 1000;
			String name = Objects.requireNonNullElse(parameter.getParameterName(),
					"arg" + parameter.getParameterIndex());
			// A body has no name of its own in the request: its elements are [1], not items[1].
			String element = elementOf(result, parameter.hasParameterAnnotation(RequestBody.class) ? "" : name);
			if (result instanceof ParameterErrors errors) {
				violations.addAll(fromErrors(errors, errors.getArgument(), position, element));
				continue;
			}
			String field = element.isEmpty() ? name : element;
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				violations.add(new FieldViolation(field, constraintOf(error),
						Objects.requireNonNullElse(error.getDefaultMessage(), "is invalid"), result.getArgument(),
						position, element, -1));
			}
		}
		return violations;
	}

	/**
	 * The path of the container element a result is about ({@code name[2]}, {@code name[key]}), or
	 * {@code ""} when it is about the parameter itself.
	 */
	private static String elementOf(ParameterValidationResult result, String name) {
		if (result.getContainerIndex() != null) {
			return name + "[" + result.getContainerIndex() + "]";
		}
		if (result.getContainerKey() != null) {
			return name + "[" + result.getContainerKey() + "]";
		}
		return "";
	}

	private static String join(String element, String field) {
		return (field.isEmpty()) ? element : field.startsWith("[") ? element + field : element + "." + field;
	}

	/**
	 * Compares paths as a person reads them: runs of digits by their value, so {@code items[2]} comes before
	 * {@code items[10]}.
	 */
	static int compareNaturally(String left, String right) {
		int i = 0;
		int j = 0;
		while (i < left.length() && j < right.length()) {
			char a = left.charAt(i);
			char b = right.charAt(j);
			if (isDigit(a) && isDigit(b)) {
				int endA = digitsEnd(left, i);
				int endB = digitsEnd(right, j);
				int startA = skipZeros(left, i, endA);
				int startB = skipZeros(right, j, endB);
				int byLength = Integer.compare(endA - startA, endB - startB);
				if (byLength != 0) {
					return byLength;
				}
				int byDigits = left.substring(startA, endA).compareTo(right.substring(startB, endB));
				if (byDigits != 0) {
					return byDigits;
				}
				i = endA;
				j = endB;
			}
			else {
				if (a != b) {
					return Character.compare(a, b);
				}
				i++;
				j++;
			}
		}
		return Integer.compare(left.length() - i, right.length() - j);
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static int digitsEnd(String text, int from) {
		int end = from;
		while (end < text.length() && isDigit(text.charAt(end))) {
			end++;
		}
		return end;
	}

	private static int skipZeros(String text, int from, int end) {
		int start = from;
		while (start < end - 1 && text.charAt(start) == '0') {
			start++;
		}
		return start;
	}

	private static String constraintOf(MessageSourceResolvable error) {
		String[] codes = error.getCodes();
		if (codes == null || codes.length == 0) {
			return "invalid";
		}
		// Codes run from most to least specific; the last is the bare constraint name ("Min").
		return codes[codes.length - 1];
	}

	private Map<String, Object> details(List<FieldViolation> violations) {
		Map<String, Object> details = new LinkedHashMap<>();
		if (this.options.details() == ValidationOptions.DetailsStyle.FIRST_FIELD) {
			describe(violations.get(0), details, false);
			return details;
		}
		// A client that sends 10,000 bad items needs the first few to fix its request, not a 1 MB answer.
		int listed = Math.min(violations.size(), this.options.maxViolations());
		List<Map<String, Object>> list = new ArrayList<>(listed);
		for (FieldViolation violation : violations.subList(0, listed)) {
			Map<String, Object> item = new LinkedHashMap<>();
			describe(violation, item, true);
			list.add(item);
		}
		details.put(this.options.listMember(), list);
		if (listed < violations.size()) {
			details.put(OMITTED_MEMBER, violations.size() - listed);
		}
		return details;
	}

	private void describe(FieldViolation violation, Map<String, Object> target, boolean withMessage) {
		if (violation.field() != null) {
			target.put("field", violation.field());
		}
		if (this.options.includeConstraint()) {
			target.put("constraint", constraintName(violation.constraint()));
		}
		if (withMessage) {
			target.put("message", violation.message());
		}
		if (this.options.includeRejectedValue() && violation.rejectedValue() != null && !isSensitive(violation)) {
			target.put("value", simpleValue(violation.rejectedValue()));
		}
	}

	private String constraintName(String constraint) {
		String configured = this.options.constraintNames().get(constraint);
		if (configured != null) {
			return configured;
		}
		return constraint.isEmpty() ? constraint
				: Character.toLowerCase(constraint.charAt(0)) + constraint.substring(1);
	}

	private boolean isSensitive(FieldViolation violation) {
		if (violation.field() == null) {
			return true;
		}
		// By containment, not equality: a secret is as secret in newPassword, access_token or
		// X-Client-Secret as in password, token or secret; a field withheld in error costs nothing.
		for (String segment : violation.field().split("[.\\[\\]]")) {
			String name = normalize(segment);
			for (String word : this.sensitiveWords) {
				if (name.contains(word)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * A name without case or separators, so that {@code apiKey}, {@code api_key} and {@code API-KEY} are one.
	 */
	private static String normalize(String name) {
		StringBuilder normalized = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isLetterOrDigit(c)) {
				normalized.append(Character.toLowerCase(c));
			}
		}
		return normalized.toString();
	}

	private static Object simpleValue(Object value) {
		// Only scalar values are echoed; an object would expose whatever its toString() holds.
		if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Enum<?>) {
			return (value instanceof Enum<?> constant) ? constant.name() : value;
		}
		return "(" + value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")";
	}

	static int position(@Nullable Class<?> type, @Nullable String field) {
		if (type == null || field == null) {
			return 0;
		}
		String property = field.split("[.\\[]", 2)[0];
		int index = PROPERTY_ORDER.computeIfAbsent(type, ValidationExceptionMapper::declaredProperties)
			.indexOf(property);
		return (index >= 0) ? index : Integer.MAX_VALUE / 2;
	}

	private static List<String> declaredProperties(Class<?> type) {
		List<String> names = new ArrayList<>();
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				names.add(component.getName());
			}
			return names;
		}
		Deque<Class<?>> hierarchy = new ArrayDeque<>();
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			hierarchy.push(current);
		}
		for (Class<?> current : hierarchy) {
			for (Field field : current.getDeclaredFields()) {
				if (!Modifier.isStatic(field.getModifiers())) {
					names.add(field.getName());
				}
			}
		}
		return names;
	}

	@Override
	public int getOrder() {
		return VALIDATION_ORDER;
	}

	/**
	 * Kept apart so that the Bean Validation API is only loaded when it is present.
	 */
	private static final class BeanValidation {

		static @Nullable List<FieldViolation> violations(Throwable exception) {
			if (!(exception instanceof ConstraintViolationException constraintViolations)) {
				return null;
			}
			List<FieldViolation> violations = new ArrayList<>();
			for (ConstraintViolation<?> violation : constraintViolations.getConstraintViolations()) {
				String field = fieldOf(violation.getPropertyPath());
				String constraint = violation.getConstraintDescriptor()
					.getAnnotation()
					.annotationType()
					.getSimpleName();
				violations.add(new FieldViolation(field, constraint,
						Objects.requireNonNullElse(violation.getMessage(), "is invalid"), violation.getInvalidValue(),
						position(violation.getLeafBean() != null ? violation.getLeafBean().getClass() : null, field)));
			}
			return violations;
		}

		private static @Nullable String fieldOf(Path path) {
			StringBuilder field = new StringBuilder();
			for (Path.Node node : path) {
				ElementKind kind = node.getKind();
				// The method node ("create" of "create.items") says where, not which field.
				if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR) {
					continue;
				}
				// An element of an iterable or map: the index or key belongs to the node before it.
				if (node.isInIterable()) {
					if (node.getIndex() != null) {
						field.append('[').append(node.getIndex()).append(']');
					}
					else if (node.getKey() != null) {
						field.append('[').append(node.getKey()).append(']');
					}
				}
				// Container elements, return values and cross-parameter nodes have placeholder names
				// ("<list element>"), not names a client knows.
				if (node.getName() != null && (kind == ElementKind.PROPERTY || kind == ElementKind.PARAMETER)) {
					if (!field.isEmpty()) {
						field.append('.');
					}
					field.append(node.getName());
				}
			}
			return field.isEmpty() ? null : field.toString();
		}

	}

}
