package io.github.apiguard.restclient;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.web.client.RestClient;

/**
 * Gives a {@link RestClient.Builder} the {@link ApiErrorResponseHandler} as its default status handler, so
 * that error responses become {@link RemoteApiException}s with their code.
 */
public class ApiErrorRestClientCustomizer implements RestClientCustomizer {

	private final ApiErrorResponseHandler handler;

	/**
	 * Creates the customizer.
	 * @param handler the status handler
	 */
	public ApiErrorRestClientCustomizer(ApiErrorResponseHandler handler) {
		this.handler = handler;
	}

	@Override
	public void customize(RestClient.Builder builder) {
		builder.defaultStatusHandler(this.handler);
	}

}
