package io.github.apiguard.errors.mapping;

import java.util.List;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * How validation failures are reported.
 *
 * @param details the shape of the details
 * @param message where the message comes from
 * @param includeConstraint whether each violation names its constraint (e.g. {@code required})
 * @param includeRejectedValue whether rejected values are echoed (never for sensitive fields)
 * @param sensitiveFields words whose fields' values are never echoed: a field is sensitive when any segment
 * of its path contains one of them, ignoring case and separators ({@code token} matches
 * {@code accessToken}, {@code refresh_token} and {@code X-Token-Id}; {@code api_key} matches {@code apiKey})
 * @param constraintNames constraint names by Bean Validation annotation simple name, e.g.
 * {@code NotBlank -> required}; others are the annotation name in lower camel case
 * @param listMember the details member holding the list of violations ({@link DetailsStyle#FIELD_LIST})
 * @param maxViolations the most violations listed ({@link DetailsStyle#FIELD_LIST}); how many more there
 * were is the {@code omitted} detail
 */
public record ValidationOptions(DetailsStyle details, ValidationMessage message, boolean includeConstraint,
		boolean includeRejectedValue, List<String> sensitiveFields, Map<String, String> constraintNames,
		String listMember, int maxViolations) {

	/** The most violations listed unless configured otherwise. */
	public static final int DEFAULT_MAX_VIOLATIONS = 100;

	public ValidationOptions {
		Assert.isTrue(maxViolations > 0, "'maxViolations' must be at least 1");
	}

	/**
	 * Options that list at most {@link #DEFAULT_MAX_VIOLATIONS} violations.
	 * @param details the shape of the details
	 * @param message where the message comes from
	 * @param includeConstraint whether each violation names its constraint
	 * @param includeRejectedValue whether rejected values are echoed (never for sensitive fields)
	 * @param sensitiveFields field names whose values are never echoed
	 * @param constraintNames constraint names by Bean Validation annotation simple name
	 * @param listMember the details member holding the list of violations
	 */
	public ValidationOptions(DetailsStyle details, ValidationMessage message, boolean includeConstraint,
			boolean includeRejectedValue, List<String> sensitiveFields, Map<String, String> constraintNames,
			String listMember) {
		this(details, message, includeConstraint, includeRejectedValue, sensitiveFields, constraintNames, listMember,
				DEFAULT_MAX_VIOLATIONS);
	}

	/** Sensitive words used unless configured otherwise. */
	public static final List<String> DEFAULT_SENSITIVE_FIELDS = List.of("password", "passwd", "secret", "token",
			"apiKey", "authorization", "credential", "privateKey", "cardNumber", "cvv", "cvc");

	/** Constraint names used unless configured otherwise. */
	public static final Map<String, String> DEFAULT_CONSTRAINT_NAMES = Map.of("NotNull", "required", "NotBlank",
			"required", "NotEmpty", "required", "typeMismatch", "type");

	/**
	 * The options apiguard uses unless configured.
	 * @return default options
	 */
	public static ValidationOptions defaults() {
		return new ValidationOptions(DetailsStyle.FIELD_LIST, ValidationMessage.CODE, true, false,
				DEFAULT_SENSITIVE_FIELDS, DEFAULT_CONSTRAINT_NAMES, "errors");
	}

	/**
	 * The shape of validation details.
	 */
	public enum DetailsStyle {

		/**
		 * Only the first violation: {@code {"field", "constraint", "value"}}, as seeds 000 and 003.
		 */
		FIRST_FIELD,

		/**
		 * Every violation: {@code {"errors": [{"field", "constraint", "message", "value"}]}}.
		 */
		FIELD_LIST

	}

	/**
	 * Where the message of a validation error comes from.
	 */
	public enum ValidationMessage {

		/** The message of the {@code validation_failed} code. */
		CODE,

		/** The message of the first violation, as written on its constraint. */
		FIRST_VIOLATION

	}

}
