package io.github.apiguard.errors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;

/**
 * The effective error catalogue: apiguard's codes as configured (spelling and remapping) — HTTP's built-in
 * codes and those its features contribute — plus the codes the application passes in. Every error path asks it to turn an {@link ErrorCode} into an
 * {@link ApiError}, so a remapped built-in code reads the same wherever it is produced.
 */
public final class ErrorCatalog {

	private final CodeStyle style;

	private final Map<ApiguardErrorCode, ErrorCode> builtIns;

	/**
	 * Creates a catalogue of HTTP's built-in codes, each spelled in {@code style} and then replaced by its entry
	 * in {@code overrides}, if any.
	 * @param style the spelling of built-in codes
	 * @param overrides per built-in code, the effective code (its own code string is used as written)
	 */
	public ErrorCatalog(CodeStyle style, Map<? extends ApiguardErrorCode, ErrorCode> overrides) {
		this(style, List.of(), overrides);
	}

	/**
	 * Creates a catalogue of HTTP's built-in codes and the codes apiguard's features contribute, each spelled in
	 * {@code style} and then replaced by its entry in {@code overrides}, if any.
	 * @param style the spelling of built-in codes
	 * @param contributed the codes of apiguard's features (idempotency's, quotas'), listed after HTTP's
	 * @param overrides per built-in or contributed code, the effective code (its own code string is used as
	 * written)
	 */
	public ErrorCatalog(CodeStyle style, Collection<? extends ApiguardErrorCode> contributed,
			Map<? extends ApiguardErrorCode, ErrorCode> overrides) {
		this.style = style;
		Map<ApiguardErrorCode, ErrorCode> effective = new LinkedHashMap<>();
		List<ApiguardErrorCode> all = new ArrayList<>(List.of(BuiltInErrorCode.values()));
		all.addAll(contributed);
		for (ApiguardErrorCode code : all) {
			ErrorCode override = overrides.get(code);
			effective.putIfAbsent(code, (override != null) ? override : spelled(code));
		}
		this.builtIns = Collections.unmodifiableMap(effective);
	}

	/**
	 * A catalogue with {@code snake_case} built-in codes and no remapping.
	 * @return the default catalogue
	 */
	public static ErrorCatalog defaults() {
		return new ErrorCatalog(CodeStyle.SNAKE_CASE, Map.of());
	}

	/**
	 * The effective code for a built-in or application code.
	 * @param code any code
	 * @return the configured entry for a code of apiguard's, otherwise {@code code} itself
	 */
	public ErrorCode resolve(ErrorCode code) {
		if (code instanceof ApiguardErrorCode builtIn) {
			ErrorCode effective = this.builtIns.get(builtIn);
			// A feature's code this catalogue was not given (built by hand) still follows the spelling.
			return (effective != null) ? effective : spelled(builtIn);
		}
		return code;
	}

	/**
	 * The effective codes of apiguard's: HTTP's built-in codes, then those its features contributed, each in
	 * declaration order.
	 * @return every code of apiguard's as it is rendered
	 */
	public Map<ApiguardErrorCode, ErrorCode> builtInCodes() {
		return this.builtIns;
	}

	private ErrorCode spelled(ApiguardErrorCode code) {
		return new SimpleErrorCode(this.style.apply(code.code()), code.status(), code.defaultMessage(),
				code.retryable(), code.title());
	}

	/**
	 * Starts an error for a code with its status, code string, default message, title and retryability.
	 * @param code any code
	 * @return a builder to add details, headers or another message
	 */
	public ApiError.Builder error(ErrorCode code) {
		ErrorCode effective = resolve(code);
		return ApiError.builder(effective.status(), effective.code(), effective.defaultMessage())
			.title(titleOf(effective))
			.retryable(effective.retryable());
	}

	/**
	 * Starts an error for a status with no more specific code. The status is kept even when the
	 * built-in code for it is remapped to another status.
	 * @param status the HTTP status
	 * @return a builder
	 */
	public ApiError.Builder error(int status) {
		BuiltInErrorCode builtIn = BuiltInErrorCode.forStatus(status);
		ApiError.Builder builder = error(builtIn);
		if (resolve(builtIn).status() != status) {
			// A protocol status (405, 418, ...) stays what it is even when its code is remapped or shared.
			builder.status(status).retryable(ErrorCode.isRetryableStatus(status));
		}
		return builder;
	}

	private static @Nullable String titleOf(ErrorCode code) {
		String title = code.title();
		if (title == null) {
			HttpStatus status = HttpStatus.resolve(code.status());
			return (status != null) ? status.getReasonPhrase() : null;
		}
		// An explicitly empty title means "no title": seed 003's 429 example drops it.
		return StringUtils.hasText(title) ? title : null;
	}

}
