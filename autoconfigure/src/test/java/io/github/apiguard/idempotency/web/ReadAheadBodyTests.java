package io.github.apiguard.idempotency.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies of every size around the block and limit boundaries, with and without a declared length, read ahead
 * and served back byte for byte.
 */
class ReadAheadBodyTests {

	@ParameterizedTest(name = "{0} bytes, max {1}, length known {2}")
	@CsvSource({ "0,100,true", "0,100,false", "1,100,false", "100,100,true", "100,100,false", "101,100,true",
			"101,100,false", "8192,100000,false", "8193,100000,false", "70000,100000,true", "70000,100000,false",
			"3000000,4000000,false", "3000000,2999999,false", "3000000,2999999,true" })
	void bodyIsServedBackWholeAndHashedOnlyWhenWithinTheLimit(int size, long max, boolean lengthKnown)
			throws IOException {
		byte[] body = new byte[size];
		for (int i = 0; i < size; i++) {
			body[i] = (byte) (i * 7 + 3);
		}
		InputStream in = new ByteArrayInputStream(body);
		ReadAheadBody readAhead = ReadAheadBody.read(in, lengthKnown ? size : -1, max);
		if (size <= max) {
			assertThat(readAhead.digest()).isEqualTo(IdempotencyKeys.digest(body));
			assertThat(readAhead.length()).isEqualTo(size);
		}
		else {
			assertThat(readAhead.digest()).isNull();
			assertThat(readAhead.length()).isEqualTo(max + 1);
		}
		byte[] served = readAhead.inputStream().readAllBytes();
		byte[] rest = in.readAllBytes();
		byte[] whole = Arrays.copyOf(served, served.length + rest.length);
		System.arraycopy(rest, 0, whole, served.length, rest.length);
		assertThat(whole).isEqualTo(body);
	}

}
