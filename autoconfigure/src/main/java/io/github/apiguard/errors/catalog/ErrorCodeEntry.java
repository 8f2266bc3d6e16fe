package io.github.apiguard.errors.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One code of the catalogue, as clients see it.
 *
 * @param code the code as rendered
 * @param status the HTTP status
 * @param retryable whether a client may retry unchanged
 * @param message the default message
 * @param title the brief title, or {@code null}
 * @param source where the code is declared: {@code apiguard} for a built-in code, otherwise the declaring
 * class (the enum's fully qualified name)
 * @param name the built-in code's or the enum constant's name, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorCodeEntry(String code, int status, boolean retryable, String message, @Nullable String title,
		String source, @Nullable String name) {

	/** The source of apiguard's built-in codes. */
	public static final String BUILT_IN = "apiguard";

}
