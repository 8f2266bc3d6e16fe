package io.github.apiguard.errors.mapping;

import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestCookieException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingRequestValueException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.server.ResponseStatusException;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorCode;

/**
 * Maps the exceptions of Spring Web and Spring MVC. Each keeps its status and its protocol headers
 * ({@code Allow} on 405, {@code Accept} on 415, {@code Retry-After} where set) and is worded by apiguard:
 * no Jackson, conversion or class-name text reaches the client.
 */
public final class SpringWebExceptionMapper implements ExceptionMapper, Ordered {

	@Override
	public @Nullable ApiError map(Throwable exception, ErrorCatalog catalog) {
		if (exception instanceof HttpMessageNotReadableException notReadable) {
			return unreadable(notReadable, catalog);
		}
		if (exception instanceof TypeMismatchException mismatch) {
			String name = (mismatch.getPropertyName() != null) ? mismatch.getPropertyName() : "value";
			return catalog.error(BuiltInErrorCode.INVALID_REQUEST)
				.message("The value of '" + name + "' is not valid.")
				.detail("field", name)
				.build();
		}
		if (exception instanceof MissingRequestValueException missing) {
			return missingValue(missing, catalog);
		}
		if (exception instanceof ErrorResponse errorResponse) {
			// A redirect or success thrown to leave a handler is no error: the renderer passes it through.
			return ErrorCode.isErrorStatus(errorResponse.getStatusCode().value())
					? fromErrorResponse(exception, errorResponse, catalog) : null;
		}
		if (exception instanceof MultipartException) {
			// Not an ErrorResponse (only its too-large subclass is): a body that cannot be parsed as the
			// multipart it claims to be — no boundary, truncated, malformed — is the client's mistake.
			return catalog.error(BuiltInErrorCode.INVALID_REQUEST)
				.message("The multipart request body could not be parsed.")
				.build();
		}
		ResponseStatus responseStatus = AnnotatedElementUtils.findMergedAnnotation(exception.getClass(),
				ResponseStatus.class);
		if (responseStatus != null && ErrorCode.isErrorStatus(responseStatus.code().value())) {
			ApiError.Builder builder = catalog.error(responseStatus.code().value());
			if (responseStatus.code().is4xxClientError() && StringUtils.hasText(responseStatus.reason())) {
				builder.message(responseStatus.reason());
			}
			return builder.build();
		}
		return null;
	}

	private static ApiError unreadable(HttpMessageNotReadableException exception, ErrorCatalog catalog) {
		ApiError.Builder builder = catalog.error(BuiltInErrorCode.INVALID_REQUEST);
		Throwable cause = exception.getCause();
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			String field = path(mismatch);
			return builder.message("The value of '" + field + "' has the wrong type.").detail("field", field).build();
		}
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String field = path(databind);
			return builder.message("The value of '" + field + "' is not valid.").detail("field", field).build();
		}
		if (cause instanceof StreamReadException) {
			return builder.message("The request body is not valid JSON.").build();
		}
		return builder.message("The request body is missing or unreadable.").build();
	}

	private static String path(DatabindException exception) {
		return exception.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
	}

	private static ApiError missingValue(MissingRequestValueException exception, ErrorCatalog catalog) {
		if (exception.getStatusCode().is5xxServerError()) {
			// A missing path variable is a mapping bug on the server, not the client's fault.
			return catalog.error(exception.getStatusCode().value()).build();
		}
		ApiError.Builder builder = catalog.error(BuiltInErrorCode.INVALID_REQUEST);
		if (exception instanceof MissingServletRequestParameterException parameter) {
			return builder.message("The '" + parameter.getParameterName() + "' parameter is required.")
				.detail("field", parameter.getParameterName())
				.build();
		}
		if (exception instanceof MissingRequestHeaderException header) {
			return builder.message("The '" + header.getHeaderName() + "' header is required.")
				.detail("header", header.getHeaderName())
				.build();
		}
		if (exception instanceof MissingRequestCookieException) {
			return builder.message("A required cookie is missing.").build();
		}
		return builder.message("A required request value is missing.").build();
	}

	private static ApiError fromErrorResponse(Throwable exception, ErrorResponse errorResponse, ErrorCatalog catalog) {
		int status = errorResponse.getStatusCode().value();
		ApiError.Builder builder = catalog.error(status).headers(protocolHeaders(errorResponse.getHeaders()));
		if (exception instanceof HttpRequestMethodNotSupportedException) {
			builder.message(catalog.error(BuiltInErrorCode.METHOD_NOT_ALLOWED).build().message());
		}
		else if (exception instanceof HttpMediaTypeNotSupportedException) {
			builder.message(catalog.error(BuiltInErrorCode.UNSUPPORTED_MEDIA_TYPE).build().message());
		}
		else if (exception instanceof HttpMediaTypeNotAcceptableException) {
			builder.message(catalog.error(BuiltInErrorCode.NOT_ACCEPTABLE).build().message());
		}
		else if (exception instanceof MissingServletRequestPartException part) {
			builder.message("The '" + part.getRequestPartName() + "' part is required.")
				.detail("field", part.getRequestPartName());
		}
		else if (exception instanceof MaxUploadSizeExceededException) {
			builder.message(catalog.error(BuiltInErrorCode.PAYLOAD_TOO_LARGE).build().message());
		}
		else if (exception instanceof ResponseStatusException statusException && status < 500
				&& StringUtils.hasText(statusException.getReason())) {
			builder.message(statusException.getReason());
		}
		return builder.build();
	}

	private static HttpHeaders protocolHeaders(HttpHeaders headers) {
		HttpHeaders kept = new HttpHeaders();
		for (String name : new String[] { HttpHeaders.ALLOW, HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_PATCH,
				HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE }) {
			if (headers.containsHeader(name)) {
				kept.put(name, headers.get(name));
			}
		}
		return kept;
	}

	@Override
	public int getOrder() {
		return SPRING_WEB_ORDER;
	}

}
