package io.dataflow.crud;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Dates and times from ISO-8601 text or java.time values. A value without an offset is taken as UTC,
 * so the result never depends on the JVM's or the session's time zone.
 */
final class TemporalValues {

    /** 2024-01-01T10:00, with seconds, fractions and an offset (Z, +01, +0100, +01:00) all optional; a space may replace the T. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().parseLenient().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .toFormatter();

    private TemporalValues() {
    }

    static OffsetDateTime offsetDateTime(Object v) {
        if (v instanceof OffsetDateTime t) return t.withOffsetSameInstant(ZoneOffset.UTC);
        if (v instanceof Instant i) return i.atOffset(ZoneOffset.UTC);
        if (v instanceof ZonedDateTime z) return z.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        if (v instanceof LocalDateTime t) return t.atOffset(ZoneOffset.UTC);
        if (v instanceof LocalDate d) return d.atStartOfDay().atOffset(ZoneOffset.UTC);
        if (v instanceof java.util.Date d) return d.toInstant().atOffset(ZoneOffset.UTC);
        if (v instanceof CharSequence s) {
            TemporalAccessor parsed = parse(s.toString(), "a date-time such as 2024-01-01T10:00:00Z or 2024-01-01");
            return parsed instanceof OffsetDateTime t ? t.withOffsetSameInstant(ZoneOffset.UTC)
                    : parsed instanceof LocalDateTime t ? t.atOffset(ZoneOffset.UTC)
                    : ((LocalDate) parsed).atStartOfDay().atOffset(ZoneOffset.UTC);
        }
        throw new BadValue(BadValue.describe(v) + " is not a date-time: give ISO-8601 text such as 2024-01-01T10:00:00Z, or an Instant/OffsetDateTime");
    }

    /** Values with an offset are converted to UTC wall time: timestamp columns hold UTC by this convention. */
    static LocalDateTime localDateTime(Object v) {
        if (v instanceof LocalDateTime t) return t;
        if (v instanceof LocalDate d) return d.atStartOfDay();
        if (v instanceof OffsetDateTime || v instanceof Instant || v instanceof ZonedDateTime || v instanceof java.util.Date) {
            return offsetDateTime(v).toLocalDateTime();
        }
        if (v instanceof CharSequence s) {
            TemporalAccessor parsed = parse(s.toString(), "a timestamp such as 2024-01-01T10:00:00 or 2024-01-01");
            return parsed instanceof OffsetDateTime t ? t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                    : parsed instanceof LocalDateTime t ? t : ((LocalDate) parsed).atStartOfDay();
        }
        throw new BadValue(BadValue.describe(v) + " is not a timestamp: give ISO-8601 text such as 2024-01-01T10:00:00, or a LocalDateTime");
    }

    static LocalDate localDate(Object v) {
        if (v instanceof LocalDate d) return d;
        if (v instanceof CharSequence s) {
            try {
                return LocalDate.parse(s.toString().trim());
            } catch (DateTimeParseException e) {
                throw new BadValue(BadValue.describe(v) + " is not a date: write it as yyyy-mm-dd, e.g. 2024-01-31");
            }
        }
        throw new BadValue(BadValue.describe(v) + " is not a date: give yyyy-mm-dd text or a LocalDate");
    }

    private static TemporalAccessor parse(String raw, String expected) {
        String s = raw.trim();
        try {
            if (s.length() == 10) return LocalDate.parse(s);
            if (s.length() > 10 && s.charAt(10) == ' ') s = s.substring(0, 10) + 'T' + s.substring(11);
            return DATE_TIME.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
        } catch (DateTimeParseException e) {
            throw new BadValue("'" + raw + "' is not " + expected);
        }
    }
}
