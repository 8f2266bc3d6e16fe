package io.github.apiguard.errors;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	@Test
	void anyFractionOfASecondRoundsUpSoAClientNeverComesBackEarly() {
		assertThat(RetryAfter.seconds(Duration.ofNanos(1))).isEqualTo(1);
		assertThat(RetryAfter.seconds(Duration.ofSeconds(1).plusNanos(1))).isEqualTo(2);
		assertThat(RetryAfter.seconds(Duration.ofMillis(1500))).isEqualTo(2);
		assertThat(RetryAfter.seconds(Duration.ofSeconds(3))).isEqualTo(3);
	}

	@Test
	void aDelayOfZeroOrLessIsZeroSeconds() {
		assertThat(RetryAfter.seconds(Duration.ZERO)).isZero();
		assertThat(RetryAfter.seconds(Duration.ofSeconds(-5))).isZero();
	}

	@Test
	void aRejectionAsksForAtLeastOneSecond() {
		assertThat(RetryAfter.ofRejection(Duration.ZERO)).isEqualTo(1);
		assertThat(RetryAfter.ofRejection(Duration.ofMillis(-1))).isEqualTo(1);
		assertThat(RetryAfter.ofRejection(Duration.ofMillis(2001))).isEqualTo(3);
	}

	@Test
	void anInstantRoundsUpToTheWholeSecond() {
		assertThat(RetryAfter.ceiling(Instant.ofEpochSecond(10, 1))).isEqualTo(Instant.ofEpochSecond(11));
		assertThat(RetryAfter.ceiling(Instant.ofEpochSecond(10))).isEqualTo(Instant.ofEpochSecond(10));
	}

	@Test
	void anApiExceptionWritesTheSameRounding() {
		assertThat(new ApiException(BuiltInErrorCode.CONFLICT).retryAfter(Duration.ofSeconds(1).plusNanos(1))
			.getHeaders()
			.getFirst("Retry-After")).isEqualTo("2");
	}

}
