package io.github.apiguard.errors.catalog;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code errorcodes} Actuator endpoint: every registered error code ({@code /actuator/errorcodes}) or
 * the entries of one code ({@code /actuator/errorcodes/{code}}).
 */
@Endpoint(id = "errorcodes")
public class ErrorCodesEndpoint {

	private final RegisteredErrorCodes codes;

	/**
	 * Creates the endpoint.
	 * @param codes the catalogue
	 */
	public ErrorCodesEndpoint(RegisteredErrorCodes codes) {
		this.codes = codes;
	}

	/**
	 * Every registered code.
	 * @return the catalogue
	 */
	@ReadOperation
	public ErrorCodesDescriptor errorCodes() {
		return new ErrorCodesDescriptor(this.codes.entries());
	}

	/**
	 * The entries of one code.
	 * @param code the code, as rendered
	 * @return its entries, or {@code null} (404) for an unknown code
	 */
	@ReadOperation
	public @Nullable ErrorCodesDescriptor errorCode(@Selector String code) {
		List<ErrorCodeEntry> entries = this.codes.entries(code);
		return entries.isEmpty() ? null : new ErrorCodesDescriptor(entries);
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param codes the entries
	 */
	public record ErrorCodesDescriptor(List<ErrorCodeEntry> codes) {

	}

}
