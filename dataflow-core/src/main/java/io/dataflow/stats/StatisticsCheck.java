package io.dataflow.stats;

import com.fasterxml.jackson.annotation.JsonValue;
import io.dataflow.config.ConfigException;
import io.dataflow.config.DidYouMean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The checks of the guide's StatisticsAnalyzerNode, by the guide's names. */
public enum StatisticsCheck {
    /** Never analyzed, analyzed too long ago, or too many rows changed since. */
    OUTDATED_STATISTICS,
    /** Columns of an analyzed table that have no statistics. */
    MISSING_STATISTICS,
    /** A few values dominate a column. */
    SKEWED_DISTRIBUTIONS,
    /** Dependent columns whose combined equality filters the planner misestimates. */
    CORRELATION_ISSUES;

    @JsonValue
    public String guideName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> guideNames() {
        return Arrays.stream(values()).map(StatisticsCheck::guideName).toList();
    }

    public static StatisticsCheck parse(String name, String where, String key) {
        for (StatisticsCheck c : values()) {
            if (c.guideName().equals(name)) return c;
        }
        throw new ConfigException(where, key, "'" + name + "' is not a check" + DidYouMean.hint(name, guideNames())
                + "; checks: " + String.join(", ", guideNames()));
    }
}
