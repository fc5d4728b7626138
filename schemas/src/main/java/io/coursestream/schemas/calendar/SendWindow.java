package io.coursestream.schemas.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The local hours in which a person may be mailed, e.g. 08:00-21:00: {@link #nextInstantInside} moves an instant
 * outside them to the next start of the window in the person's time zone. Start inclusive, end exclusive; a window
 * whose end is before its start spans midnight (22:00-06:00).
 *
 * <p>DST: the window is local wall time. A start that falls into a spring-forward gap moves on by the gap (02:30 on
 * the day clocks jump from 02:00 to 03:00 becomes 03:30); in an autumn overlap the earlier of the two instants is taken.
 */
public record SendWindow(LocalTime start, LocalTime end) {

    /** 08:00-21:00 local. */
    public static final SendWindow DAYTIME = new SendWindow(LocalTime.of(8, 0), LocalTime.of(21, 0));

    public SendWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("a send window needs a start (" + start + ") and an end that differ");
        }
    }

    /** Whether this local time is inside the window. */
    public boolean contains(LocalTime time) {
        return start.isBefore(end)
                ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
    }

    /** {@code instant} itself if it is inside the window in {@code zone}, otherwise the window's next start there. */
    public Instant nextInstantInside(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        if (contains(time)) {
            return instant;
        }
        // Outside: the next start is today's if it is still ahead, else tomorrow's.
        LocalDate day = time.isBefore(start) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        return ZonedDateTime.of(day, start, zone).toInstant();
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
