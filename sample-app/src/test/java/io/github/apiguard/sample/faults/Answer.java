package io.github.apiguard.sample.faults;

import java.net.http.HttpHeaders;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One answer from a node, or the reason there was none.
 *
 * @param node the node's name
 * @param status the HTTP status, {@link #TIMED_OUT} or {@link #IO_ERROR}
 * @param headers the headers, {@code null} without an answer
 * @param body the body
 * @param millis how long the client waited for it
 */
record Answer(String node, int status, HttpHeaders headers, String body, long millis) {

	/** No answer within {@link SampleProcess#REQUEST_TIMEOUT}: the request hung. */
	static final int TIMED_OUT = -1;

	/** The connection failed (refused, reset). */
	static final int IO_ERROR = -2;

	/**
	 * The error code of seed 000's flat envelope.
	 * @return the {@code error} field, or an empty string
	 */
	String code() {
		JsonNode json = json();
		return (json != null) ? json.path("error").asString("") : "";
	}

	JsonNode json() {
		if (this.body == null || this.body.isEmpty()) {
			return null;
		}
		try {
			return JsonMapper.shared().readTree(this.body);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	Optional<String> header(String name) {
		return (this.headers != null) ? this.headers.firstValue(name) : Optional.empty();
	}

	/**
	 * The status and, for errors, the code: {@code 201}, {@code 409 idempotency_in_flight}.
	 * @return the outcome
	 */
	String outcome() {
		if (this.status == TIMED_OUT) {
			return "timeout";
		}
		if (this.status == IO_ERROR) {
			return "io-error";
		}
		return (this.status >= 400) ? this.status + " " + code() : String.valueOf(this.status);
	}

}
