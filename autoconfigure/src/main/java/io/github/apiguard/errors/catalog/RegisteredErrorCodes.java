package io.github.apiguard.errors.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.apiguard.errors.ApiguardErrorCode;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorCode;

/**
 * Every error code an API answers with: apiguard's built-in codes as configured (spelling, remapping) and
 * the application's own codes, with status, retryability and message. Served by the {@code errorcodes}
 * Actuator endpoint and printable as a Markdown table for an API's documentation. A code whose status is
 * not an error's (400 to 599) is refused when the catalogue is built, so it is seen at start-up.
 */
public final class RegisteredErrorCodes {

	private final List<ErrorCodeEntry> entries;

	/**
	 * Lists the effective built-in codes of {@code catalog}, then the application's codes.
	 * @param catalog the effective catalogue of built-in codes
	 * @param applicationCodes the application's codes
	 */
	public RegisteredErrorCodes(ErrorCatalog catalog, Collection<? extends ErrorCode> applicationCodes) {
		Set<ErrorCodeEntry> all = new LinkedHashSet<>();
		for (Map.Entry<ApiguardErrorCode, ErrorCode> builtIn : catalog.builtInCodes().entrySet()) {
			all.add(entry(builtIn.getValue(), ErrorCodeEntry.BUILT_IN, builtIn.getKey().name()));
		}
		for (ErrorCode code : applicationCodes) {
			ErrorCode effective = catalog.resolve(code);
			if (!ErrorCode.isErrorStatus(effective.status())) {
				// Seen now rather than when the code is first thrown, as a 500.
				throw new IllegalStateException("Error code '" + effective.code() + "' of " + sourceOf(code)
						+ " has status " + effective.status() + "; an error's status is 400 to 599");
			}
			if (code instanceof ApiguardErrorCode builtIn) {
				all.add(entry(effective, ErrorCodeEntry.BUILT_IN, builtIn.name()));
			}
			else {
				all.add(entry(effective, sourceOf(code), (code instanceof Enum<?> constant) ? constant.name() : null));
			}
		}
		this.entries = List.copyOf(all);
	}

	private static ErrorCodeEntry entry(ErrorCode code, String source, @Nullable String name) {
		return new ErrorCodeEntry(code.code(), code.status(), code.retryable(), code.defaultMessage(), code.title(),
				source, name);
	}

	private static String sourceOf(ErrorCode code) {
		Class<?> type = (code instanceof Enum<?> constant) ? constant.getDeclaringClass() : code.getClass();
		return type.getName();
	}

	/**
	 * Every code, built-in codes first, each in declaration order.
	 * @return the entries
	 */
	public List<ErrorCodeEntry> entries() {
		return this.entries;
	}

	/**
	 * The entries with a code, as rendered.
	 * @param code the code
	 * @return the entries with it (a code shared by several statuses has several), possibly empty
	 */
	public List<ErrorCodeEntry> entries(String code) {
		return this.entries.stream().filter((entry) -> entry.code().equals(code)).toList();
	}

	/**
	 * The first entry with a code.
	 * @param code the code
	 * @return the entry, if the code is registered
	 */
	public Optional<ErrorCodeEntry> find(String code) {
		return entries(code).stream().findFirst();
	}

	/**
	 * The catalogue as a Markdown table (code, status, retryable, message), ordered by status, for an API's
	 * documentation. A code answered with one status, message and retryability from several places is listed
	 * once.
	 * @return the table, ending with a line break
	 */
	public String toMarkdown() {
		StringBuilder markdown = new StringBuilder("| Code | Status | Retryable | Message |\n|---|---|---|---|\n");
		Set<String> rows = new LinkedHashSet<>();
		List<ErrorCodeEntry> sorted = new ArrayList<>(this.entries);
		sorted.sort(Comparator.comparingInt(ErrorCodeEntry::status));
		for (ErrorCodeEntry entry : sorted) {
			rows.add("| `" + escape(entry.code()) + "` | " + entry.status() + " | " + (entry.retryable() ? "yes" : "no")
					+ " | " + escape(entry.message()) + " |\n");
		}
		rows.forEach(markdown::append);
		return markdown.toString();
	}

	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
	}

}
