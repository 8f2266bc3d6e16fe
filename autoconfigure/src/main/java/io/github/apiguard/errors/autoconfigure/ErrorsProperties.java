package io.github.apiguard.errors.autoconfigure;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.logging.LogLevel;
import org.springframework.core.Ordered;

import io.github.apiguard.errors.CodeStyle;
import io.github.apiguard.errors.ErrorDeclaration;
import io.github.apiguard.errors.envelope.EmptyDetails;
import io.github.apiguard.errors.envelope.EnvelopeShape;
import io.github.apiguard.errors.mapping.ValidationOptions;

/**
 * Configuration of apiguard's error envelope ({@code apiguard.errors.*}).
 *
 * @param enabled Whether apiguard renders errors.
 * @param codeStyle How built-in codes are spelled.
 * @param envelope The shape of error bodies.
 * @param codes Per built-in code, by name (e.g. not-found, idempotency-conflict, quota-exceeded), another code, status, message, title or retryability.
 * @param exceptions Per fully qualified exception class name (and its subclasses), the status, code, message and retryability (by-status, yes or no) to answer with; in YAML write the name in brackets: "[com.example.SomeException]".
 * @param validation How validation failures are reported.
 * @param logging How errors are logged.
 * @param security The Spring Security integration.
 * @param forbiddenAsNotFound Whether a 403 with the built-in forbidden code is answered as 404 not_found, so that private resources are not revealed.
 * @param adviceOrder The order of apiguard's controller advice; the default (last) lets the application's own advices win for the exceptions they handle.
 */
@ConfigurationProperties("apiguard.errors")
public record ErrorsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("snake-case") CodeStyle codeStyle,
		@DefaultValue Envelope envelope, @Nullable Map<String, CodeOverride> codes,
		@Nullable Map<String, ErrorDeclaration> exceptions, @DefaultValue Validation validation,
		@DefaultValue Logging logging, @DefaultValue Security security, boolean forbiddenAsNotFound,
		@DefaultValue("" + Ordered.LOWEST_PRECEDENCE) int adviceOrder) {

	public ErrorsProperties {
		codes = (codes != null) ? codes : Map.of();
		exceptions = (exceptions != null) ? exceptions : Map.of();
	}

	/**
	 * The shape of error bodies.
	 *
	 * @param shape The built-in shape, or template to use template.
	 * @param template A JSON template with placeholders such as ${code}, used when the shape is template.
	 * @param contentType The Content-Type of a template's bodies.
	 * @param memberNames Renames members of the shape at any level, by their name in the shape, e.g. error: err.
	 * @param requestIdMember The member under which the request id is added to the error object (seed 001: requestId); empty for none.
	 * @param promotedDetails Details written into the error object instead of under details (seed 003's 429 example: tier).
	 * @param emptyDetails Whether an error without details omits the member or writes null.
	 * @param problemTypeBase The absolute base URI of RFC 9457 problem types (<base>/<code>, the code percent-encoded as one path segment); empty for about:blank.
	 */
	public record Envelope(@DefaultValue("nested") EnvelopeShape shape, @Nullable String template,
			@DefaultValue("application/json") String contentType, @Nullable Map<String, String> memberNames,
			@Nullable String requestIdMember, @Nullable List<String> promotedDetails,
			@DefaultValue("omit") EmptyDetails emptyDetails, @Nullable String problemTypeBase) {

		public Envelope {
			memberNames = (memberNames != null) ? memberNames : Map.of();
			promotedDetails = (promotedDetails != null) ? promotedDetails : List.of();
		}

	}

	/**
	 * Another rendering of one built-in code. Unset values keep the built-in ones.
	 *
	 * @param code The code, rendered as written.
	 * @param status The HTTP status.
	 * @param message The default message.
	 * @param title The brief title (wrapped and problem shapes); empty for none.
	 * @param retryable Whether clients may retry unchanged.
	 */
	public record CodeOverride(@Nullable String code, @Nullable Integer status, @Nullable String message,
			@Nullable String title, @Nullable Boolean retryable) {

	}

	/**
	 * How validation failures are reported.
	 *
	 * @param details First-field (only the first violation, as seeds 000 and 003) or field-list (all of them).
	 * @param message Code (the validation_failed message) or first-violation (the first constraint's message).
	 * @param includeConstraint Whether each violation names its constraint.
	 * @param includeRejectedValue Whether rejected values are echoed (never for sensitive fields).
	 * @param sensitiveFields Words whose fields' values are never echoed: a field is sensitive when its name (or any segment of its path) contains one, ignoring case and separators, so token matches accessToken and refresh_token. Replaces the default list.
	 * @param constraintNames Constraint names by annotation simple name, e.g. NotBlank: required.
	 * @param listMember The details member holding the list of violations.
	 * @param maxViolations The most violations listed (field-list); how many more there were is the omitted detail.
	 */
	public record Validation(@DefaultValue("field-list") ValidationOptions.DetailsStyle details,
			@DefaultValue("code") ValidationOptions.ValidationMessage message,
			@DefaultValue("true") boolean includeConstraint, boolean includeRejectedValue,
			@DefaultValue({ "password", "passwd", "secret", "token", "apiKey", "authorization", "credential",
					"privateKey", "cardNumber", "cvv", "cvc" }) List<String> sensitiveFields,
			@Nullable Map<String, String> constraintNames, @DefaultValue("errors") String listMember,
			@DefaultValue("" + ValidationOptions.DEFAULT_MAX_VIOLATIONS) int maxViolations) {

		public Validation {
			constraintNames = (constraintNames != null) ? constraintNames : Map.of();
		}

	}

	/**
	 * How errors are logged (logger {@code io.github.apiguard.errors}).
	 *
	 * @param clientErrors The level of 4xx answers.
	 * @param serverErrors The level of 5xx answers, logged with their stack trace.
	 * @param clientStackTraces Whether 4xx answers are logged with their stack trace.
	 */
	public record Logging(@DefaultValue("debug") LogLevel clientErrors, @DefaultValue("error") LogLevel serverErrors,
			boolean clientStackTraces) {

	}

	/**
	 * The Spring Security integration.
	 *
	 * @param enabled Whether apiguard answers Spring Security's 401 and 403 (a chain's own exceptionHandling(...) still wins).
	 * @param wwwAuthenticate The WWW-Authenticate challenge sent with 401; empty for none.
	 */
	public record Security(@DefaultValue("true") boolean enabled, @DefaultValue("Bearer") String wwwAuthenticate) {

	}

}
