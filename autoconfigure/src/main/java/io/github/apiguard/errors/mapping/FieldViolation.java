package io.github.apiguard.errors.mapping;

import org.jspecify.annotations.Nullable;

/**
 * One validation failure, before it is rendered.
 *
 * @param field the field path, e.g. {@code items[0].name}, or {@code null} for an object-level failure
 * @param constraint the constraint's annotation simple name (e.g. {@code NotBlank}) or binding code
 * @param message the constraint's message
 * @param rejectedValue the rejected value
 * @param position where the top-level property (or the parameter) is declared, for a stable order
 * @param element the path of the container element the violation is in ({@code [2]}), or {@code ""}
 * @param elementPosition where the property is declared in the element's type, for a stable order
 */
record FieldViolation(@Nullable String field, String constraint, String message, @Nullable Object rejectedValue,
		int position, String element, int elementPosition) {

	FieldViolation(@Nullable String field, String constraint, String message, @Nullable Object rejectedValue,
			int position) {
		this(field, constraint, message, rejectedValue, position, "", 0);
	}

}
