package io.dataflow.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.dataflow.config.ConfigException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;

/**
 * When a job runs: {@code hourly}, {@code daily}, {@code weekly}, {@code monthly}, or a 5-field
 * cron expression ({@code "0 *\/4 * * *"}), parsed by cron-utils; or {@code once <instant>}. Times are UTC.
 */
public final class Schedule {

    /** The words the guide uses, as the cron expressions they mean. */
    public static final Map<String, String> WORDS = Map.of(
            "hourly", "0 * * * *",
            "daily", "0 0 * * *",
            "weekly", "0 0 * * 1",
            "monthly", "0 0 1 * *");

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** When a one-shot job has run, it is never due again. */
    static final Instant NEVER = Instant.parse("9999-12-31T00:00:00Z");

    private final String text;
    private final ExecutionTime execution;
    private final Instant once;

    private Schedule(String text, ExecutionTime execution, Instant once) {
        this.text = text;
        this.execution = execution;
        this.once = once;
    }

    /** A job that runs once, at {@code at} (written {@code "once 2026-11-28T02:00:00Z"}); removed after it ran. */
    public static Schedule once(Instant at) {
        return new Schedule("once " + at, null, at);
    }

    public boolean isOnce() {
        return once != null;
    }

    public static Schedule parse(String text, String where, String key) {
        if (text == null || text.isBlank()) throw new ConfigException(where, key, "a schedule is required");
        String normalized = text.strip().toLowerCase(Locale.ROOT);
        if (normalized.startsWith("once ")) {
            try {
                return once(Instant.parse(text.strip().substring(5).strip()));
            } catch (java.time.format.DateTimeParseException e) {
                throw new ConfigException(where, key, "'" + text + "': a one-shot schedule is 'once' and an ISO instant, e.g. once 2026-11-28T02:00:00Z");
            }
        }
        String cron = WORDS.getOrDefault(normalized, text.strip());
        if (cron.split("\\s+").length != 5) {
            throw new ConfigException(where, key, "'" + text + "' is not a schedule: use hourly, daily, weekly, monthly,"
                    + " or a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. \"0 */4 * * *\"");
        }
        try {
            Cron parsed = PARSER.parse(cron);
            parsed.validate();
            return new Schedule(WORDS.containsKey(normalized) ? normalized : cron, ExecutionTime.forCron(parsed), null);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where, key, "'" + text + "' is not a valid cron expression: " + e.getMessage());
        }
    }

    /** The schedule as written (a word, or the cron expression). */
    public String text() {
        return text;
    }

    /** The first time strictly after {@code after}. */
    public Instant next(Instant after) {
        if (once != null) return after.isBefore(once) ? once : NEVER;
        ZonedDateTime from = after.atZone(ZoneOffset.UTC);
        return execution.nextExecution(from).map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("schedule " + text + " has no time after " + after));
    }

    @Override
    public String toString() {
        return text;
    }
}
