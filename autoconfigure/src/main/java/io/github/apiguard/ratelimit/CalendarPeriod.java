package io.github.apiguard.ratelimit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A calendar period a quota resets at the start of, in a time zone: unlike a rolling rate, a monthly quota
 * used up on the 31st of March is whole again at midnight on the 1st of April.
 */
public enum CalendarPeriod {

	/** From midnight to midnight. */
	DAY,

	/** From midnight on the first of a month to midnight on the first of the next. */
	MONTH;

	/**
	 * The start of the period that contains an instant.
	 * @param instant the instant
	 * @param zone the zone whose calendar counts
	 * @return the first instant of the period
	 */
	public Instant start(Instant instant, ZoneId zone) {
		LocalDate date = instant.atZone(zone).toLocalDate();
		LocalDate first = (this == DAY) ? date : date.withDayOfMonth(1);
		// atStartOfDay, not atTime(0, 0): where midnight falls in a DST gap the day starts at 01:00.
		return first.atStartOfDay(zone).toInstant();
	}

	/**
	 * The start of the period after the one that contains an instant, that is when its quota resets.
	 * @param instant the instant
	 * @param zone the zone whose calendar counts
	 * @return the first instant of the next period
	 */
	public Instant end(Instant instant, ZoneId zone) {
		LocalDate date = instant.atZone(zone).toLocalDate();
		LocalDate next = (this == DAY) ? date.plusDays(1) : date.withDayOfMonth(1).plusMonths(1);
		return next.atStartOfDay(zone).toInstant();
	}

}
