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
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;
import org.springframework.util.ConcurrentReferenceHashMap;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.ErrorCatalog;

/**
 * Maps Bean Validation failures — {@code @Valid} bodies and form objects, method parameter validation and
 * {@code ConstraintViolationException} — to {@code validation_failed} with field details in a stable order:
 * by where the property is declared, then by field path, constraint and message.
 */
public final class ValidationExceptionMapper implements ExceptionMapper, Ordered {

	private static final boolean BEAN_VALIDATION_PRESENT = ClassUtils
		.isPresent("jakarta.validation.ConstraintViolationException", ValidationExceptionMapper.class.getClassLoader());

	private static final Comparator<FieldViolation> ORDER = Comparator.comparingInt(FieldViolation::position)
		.thenComparing((violation) -> Objects.toString(violation.field(), ""))
		.thenComparing(FieldViolation::constraint)
		.thenComparing(FieldViolation::message);

	private static final Map<Class<?>, List<String>> PROPERTY_ORDER = new ConcurrentReferenceHashMap<>();

	private final ValidationOptions options;

	private final Set<String> sensitiveFields;

	/**
	 * Creates a mapper.
	 * @param options how failures are reported
	 */
	public ValidationExceptionMapper(ValidationOptions options) {
		this.options = options;
		this.sensitiveFields = options.sensitiveFields()
			.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
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
			return fromErrors(result, result.getTarget(), 0);
		}
		if (exception instanceof HandlerMethodValidationException validation) {
			return fromMethodValidation(validation);
		}
		if (BEAN_VALIDATION_PRESENT) {
			return BeanValidation.violations(exception);
		}
		return null;
	}

	private static List<FieldViolation> fromErrors(Errors errors, @Nullable Object target, int basePosition) {
		List<FieldViolation> violations = new ArrayList<>();
		for (ObjectError error : errors.getAllErrors()) {
			String constraint = Objects.requireNonNullElse(error.getCode(), "invalid");
			if (error instanceof FieldError fieldError) {
				String field = fieldError.getField();
				// A binding failure's default message is framework text ("Failed to convert ..."): never echo it.
				String message = fieldError.isBindingFailure() ? "has an invalid value"
						: Objects.requireNonNullElse(fieldError.getDefaultMessage(), "is invalid");
				violations.add(new FieldViolation(field, constraint, message,
						fieldError.isBindingFailure() ? null : fieldError.getRejectedValue(),
						basePosition + position((target != null) ? target.getClass() : null, field)));
			}
			else {
				violations.add(new FieldViolation(null, constraint,
						Objects.requireNonNullElse(error.getDefaultMessage(), "is invalid"), null, basePosition));
			}
		}
		return violations;
	}

	private static List<FieldViolation> fromMethodValidation(HandlerMethodValidationException exception) {
		List<FieldViolation> violations = new ArrayList<>();
		for (ParameterValidationResult result : exception.getParameterValidationResults()) {
			int position = result.getMethodParameter().getParameterIndex() * 1000;
			if (result instanceof ParameterErrors errors) {
				violations.addAll(fromErrors(errors, errors.getArgument(), position));
				continue;
			}
			String name = Objects.requireNonNullElse(result.getMethodParameter().getParameterName(),
					"arg" + result.getMethodParameter().getParameterIndex());
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				violations.add(new FieldViolation(name, constraintOf(error),
						Objects.requireNonNullElse(error.getDefaultMessage(), "is invalid"), result.getArgument(),
						position));
			}
		}
		return violations;
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
		List<Map<String, Object>> list = new ArrayList<>();
		for (FieldViolation violation : violations) {
			Map<String, Object> item = new LinkedHashMap<>();
			describe(violation, item, true);
			list.add(item);
		}
		details.put(this.options.listMember(), list);
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
		for (String segment : violation.field().split("[.\\[\\]]")) {
			if (this.sensitiveFields.contains(segment.toLowerCase(Locale.ROOT))) {
				return true;
			}
		}
		return false;
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
			List<String> names = new ArrayList<>();
			for (Path.Node node : path) {
				// Method and parameter nodes ("create.arg0") say where, not which field.
				if (node.getKind() == jakarta.validation.ElementKind.METHOD) {
					continue;
				}
				if (node.getName() != null) {
					names.add(node.getName());
				}
			}
			return names.isEmpty() ? null : String.join(".", names);
		}

	}

}
