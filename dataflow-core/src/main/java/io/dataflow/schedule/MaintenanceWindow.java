package io.dataflow.schedule;

import io.dataflow.config.ConfigException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * Hours (UTC) in which heavy jobs may start, e.g. {@code 02:00-05:00}; may wrap midnight
 * ({@code 22:00-02:00}). A job due outside its window waits for the next opening.
 */
public record MaintenanceWindow(LocalTime start, LocalTime end) {

    public static MaintenanceWindow parse(String text, String where, String key) {
        String[] parts = text == null ? new String[0] : text.strip().split("\\s*-\\s*");
        try {
            if (parts.length != 2) throw new DateTimeParseException("two times expected", String.valueOf(text), 0);
            MaintenanceWindow w = new MaintenanceWindow(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
            if (w.start.equals(w.end)) throw new ConfigException(where, key, "the window '" + text + "' is empty");
            return w;
        } catch (DateTimeParseException e) {
            throw new ConfigException(where, key, "'" + text + "' is not a maintenance window: write HH:MM-HH:MM in UTC, e.g. 02:00-05:00");
        }
    }

    public boolean contains(Instant instant) {
        LocalTime t = instant.atZone(ZoneOffset.UTC).toLocalTime();
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }

    /** {@code instant} itself when inside the window, else the window's next opening. */
    public Instant nextOpening(Instant instant) {
        if (contains(instant)) return instant;
        ZonedDateTime at = instant.atZone(ZoneOffset.UTC);
        ZonedDateTime opening = at.with(start).withNano(0);
        if (!opening.isAfter(at)) opening = opening.plus(Duration.ofDays(1));
        return opening.toInstant();
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
