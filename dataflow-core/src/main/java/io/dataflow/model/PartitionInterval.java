package io.dataflow.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The width of one range partition, with the calendar arithmetic to lay partitions out. */
public enum PartitionInterval {
    DAILY("daily"), WEEKLY("weekly"), MONTHLY("monthly"), QUARTERLY("quarterly"), YEARLY("yearly");

    private final String configName;

    PartitionInterval(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<PartitionInterval> byName(String name) {
        return Arrays.stream(values()).filter(v -> v.configName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(PartitionInterval::configName).toList();
    }

    /** The first day of the partition that contains {@code day}. */
    public LocalDate floor(LocalDate day) {
        return switch (this) {
            case DAILY -> day;
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> day.withDayOfMonth(1);
            case QUARTERLY -> day.withDayOfMonth(1).withMonth(((day.getMonthValue() - 1) / 3) * 3 + 1);
            case YEARLY -> day.withDayOfYear(1);
        };
    }

    /** The start of the partition {@code steps} partitions after the one starting at {@code start}. */
    public LocalDate plus(LocalDate start, long steps) {
        return switch (this) {
            case DAILY -> start.plusDays(steps);
            case WEEKLY -> start.plusWeeks(steps);
            case MONTHLY -> start.plusMonths(steps);
            case QUARTERLY -> start.plusMonths(3 * steps);
            case YEARLY -> start.plusYears(steps);
        };
    }

    /** The partition-name suffix for the partition starting at {@code start}, e.g. {@code p2026_11}. */
    public String suffix(LocalDate start) {
        return switch (this) {
            case DAILY -> String.format("p%04d_%02d_%02d", start.getYear(), start.getMonthValue(), start.getDayOfMonth());
            case WEEKLY -> String.format("p%04dw%02d", start.get(IsoFields.WEEK_BASED_YEAR), start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTHLY -> String.format("p%04d_%02d", start.getYear(), start.getMonthValue());
            case QUARTERLY -> String.format("p%04dq%d", start.getYear(), (start.getMonthValue() - 1) / 3 + 1);
            case YEARLY -> String.format("p%04d", start.getYear());
        };
    }
}
