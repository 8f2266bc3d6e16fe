package io.github.apiguard.idempotency;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A completed response as kept for replay: the status, the allow-listed headers and the body bytes.
 *
 * @param status the HTTP status
 * @param headers the allow-listed headers, in order
 * @param body the body bytes; empty when the body was omitted
 * @param bodyOmitted whether the body was larger than the storable limit and is not kept
 */
public record StoredResponse(int status, Map<String, List<String>> headers, byte[] body, boolean bodyOmitted) {

	public StoredResponse {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		headers = Collections.unmodifiableMap(copy);
		body = body.clone();
	}

	@Override
	public byte[] body() {
		return this.body.clone();
	}

	/**
	 * The size of the stored body, without copying it.
	 * @return the number of body bytes
	 */
	public int bodySize() {
		return this.body.length;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof StoredResponse that && this.status == that.status
				&& this.bodyOmitted == that.bodyOmitted && this.headers.equals(that.headers)
				&& Arrays.equals(this.body, that.body));
	}

	@Override
	public int hashCode() {
		return 31 * (31 * (31 * this.status + this.headers.hashCode()) + Arrays.hashCode(this.body))
				+ Boolean.hashCode(this.bodyOmitted);
	}

	@Override
	public String toString() {
		return "StoredResponse[status=" + this.status + ", headers=" + this.headers + ", body=" + this.body.length
				+ " bytes, bodyOmitted=" + this.bodyOmitted + "]";
	}

}
