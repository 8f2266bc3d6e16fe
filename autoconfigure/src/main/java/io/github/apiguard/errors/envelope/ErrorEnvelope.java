package io.github.apiguard.errors.envelope;

import org.springframework.http.MediaType;

import io.github.apiguard.errors.ApiError;

/**
 * Turns an {@link ApiError} into the body the API documents. The default is a
 * {@link TemplateErrorEnvelope} built from {@code apiguard.errors.envelope.*}; an application that needs a
 * shape no template can express declares its own bean of this type.
 */
public interface ErrorEnvelope {

	/**
	 * The {@code Content-Type} of every error body.
	 * @return the media type, e.g. {@code application/json} or {@code application/problem+json}
	 */
	MediaType contentType();

	/**
	 * The body for one error, as a tree of maps, lists and values that Jackson writes.
	 * @param error the resolved error
	 * @param context facts about the request being answered
	 * @return the body
	 */
	Object body(ApiError error, ErrorContext context);

}
