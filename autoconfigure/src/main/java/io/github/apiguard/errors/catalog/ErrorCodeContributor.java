package io.github.apiguard.errors.catalog;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import io.github.apiguard.errors.ErrorCode;

/**
 * Registers application error codes in the catalogue ({@link RegisteredErrorCodes}), for codes that are
 * not in an enum listed under {@code apiguard.errors.catalog.enums}:
 * <pre>{@code
 * @Bean
 * ErrorCodeContributor billingErrors() {
 *     return ErrorCodeContributor.of(BillingErrors.class);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ErrorCodeContributor {

	/**
	 * The codes to list.
	 * @return the codes, in the order they are listed
	 */
	Collection<? extends ErrorCode> errorCodes();

	/**
	 * A contributor of every constant of an enum.
	 * @param <E> the enum type
	 * @param codes the enum implementing {@link ErrorCode}
	 * @return the contributor
	 */
	static <E extends Enum<E> & ErrorCode> ErrorCodeContributor of(Class<E> codes) {
		List<E> constants = Arrays.asList(codes.getEnumConstants());
		return () -> constants;
	}

}
