package io.github.apiguard.errors;

import java.util.Locale;

/**
 * A code apiguard itself answers with, rather than the application: spelled as
 * {@code apiguard.errors.code-style} says and remappable under {@code apiguard.errors.codes.<name>}.
 * {@link BuiltInErrorCode} holds HTTP's own; each feature declares the codes of its answers (idempotency's,
 * quotas') and contributes them with an {@link io.github.apiguard.errors.catalog.ErrorCodeContributor} bean,
 * so the catalogue, the {@code errorcodes} endpoint and the OpenAPI document list them while this package
 * knows nothing of the features.
 */
public interface ApiguardErrorCode extends ErrorCode {

	/**
	 * The constant's name, e.g. {@code NOT_FOUND}.
	 * @return the name
	 */
	String name();

	/**
	 * The code in {@code snake_case}; the configured spelling is applied when the error is rendered.
	 */
	@Override
	default String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The name under {@code apiguard.errors.codes}, e.g. {@code not-found}.
	 * @return the kebab-case name
	 */
	default String propertyName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
