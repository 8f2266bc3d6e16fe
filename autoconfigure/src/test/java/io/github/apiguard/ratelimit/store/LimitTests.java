package io.github.apiguard.ratelimit.store;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A limit built in code is held to the same bounds as one configured by properties, so the stores'
 * arithmetic cannot overflow whichever way a limit is made.
 */
class LimitTests {

	@Test
	void limitsAtTheBoundsAreAccepted() {
		long span = (Limit.MAX_SPAN.toNanos() / 1_000);
		assertThat(Limit.rate("slowest", 1, Limit.MAX_SPAN).emissionIntervalMicros()).isEqualTo(span);
		assertThat(Limit.rate("fastest", span, Limit.MAX_SPAN).withBurst(span).emissionIntervalMicros()).isOne();
		assertThat(Limit.quota("huge", Limit.MAX_UNITS, CalendarPeriod.MONTH, ZoneOffset.UTC).quota())
			.isEqualTo(Limit.MAX_UNITS);
	}

	@Test
	void aBurstWhoseCapacityWouldOverflowIsRejected() {
		// 259200000000 µs per request × 100000000 requests overflows a long; Lua's doubles would admit.
		Limit slow = Limit.rate("slow", 1000, Duration.ofDays(3000));
		assertThatIllegalArgumentException().isThrownBy(() -> slow.withBurst(100_000_000))
			.withMessageContaining("'burst' × 'period' / 'quota' must be at most 3650 days");
		assertThat(slow.withBurst(1216).burst()).isEqualTo(1216);
		assertThatIllegalArgumentException().isThrownBy(() -> slow.withBurst(1217));
	}

	@Test
	void valuesBeyondTheBoundsAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Limit.quota("q", Limit.MAX_UNITS + 1, CalendarPeriod.DAY, ZoneOffset.UTC));
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.rate("r", 1, Limit.MAX_SPAN.plusSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.rate("r", 1, Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.rate("r", 10, Duration.of(9, ChronoUnit.MICROS)));
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.rate("r", 1, Duration.ofSeconds(Long.MAX_VALUE)));
	}

	@Test
	void aCostBeyondWhatALimitCanAdmitCountsAsOneMoreThanThat() {
		Limit rate = Limit.rate("r", 10, Duration.ofMinutes(1));
		assertThat(LimitArithmetic.units(new Charge("p", rate, Long.MAX_VALUE))).isEqualTo(11);
		assertThat(LimitArithmetic.units(new Charge("p", rate, 3))).isEqualTo(3);
		Limit quota = Limit.quota("q", Limit.MAX_UNITS, CalendarPeriod.MONTH, ZoneOffset.UTC);
		assertThat(LimitArithmetic.units(new Charge("p", quota, Long.MAX_VALUE))).isEqualTo(Limit.MAX_UNITS + 1);
	}

}
