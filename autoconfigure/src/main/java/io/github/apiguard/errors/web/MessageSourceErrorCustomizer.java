package io.github.apiguard.errors.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.support.RequestContextUtils;

import io.github.apiguard.errors.ApiError;

/**
 * Translates error messages by code: the message of an error with code {@code not_found} becomes the
 * {@link MessageSource} message {@code <prefix>not_found} (by default {@code apiguard.error.not_found}) in
 * the request's locale ({@code Accept-Language}, or the application's {@code LocaleResolver}), when there is
 * one. The code, status and details never change; an error without a translation keeps its message. A
 * translation is a fixed text per code: it replaces a message the exception carried too.
 */
public class MessageSourceErrorCustomizer implements ApiErrorCustomizer, Ordered {

	private final MessageSource messageSource;

	private final String prefix;

	/**
	 * Creates the customizer.
	 * @param messageSource where translations are looked up
	 * @param prefix the key prefix, e.g. {@code apiguard.error.}
	 */
	public MessageSourceErrorCustomizer(MessageSource messageSource, String prefix) {
		this.messageSource = messageSource;
		this.prefix = prefix;
	}

	@Override
	public ApiError customize(ApiError error, HttpServletRequest request) {
		Locale locale = RequestContextUtils.getLocale(request);
		String translated = this.messageSource.getMessage(this.prefix + error.code(), null, null, locale);
		return (translated != null && !translated.equals(error.message())) ? error.mutate().message(translated).build()
				: error;
	}

	/**
	 * Runs before customizers without an order, so theirs see (and may change) the translated message.
	 * @return {@code 0}
	 */
	@Override
	public int getOrder() {
		return 0;
	}

}
