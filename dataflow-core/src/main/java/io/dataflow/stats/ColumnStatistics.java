package io.dataflow.stats;

import java.util.List;

/**
 * A column and what pg_stats holds for it.
 *
 * @param table           the table
 * @param column          the column
 * @param hasStatistics   whether pg_stats has a row for it
 * @param target          its own statistics target (0: it keeps none on purpose), or null for the default
 * @param nullFraction    pg_stats.null_frac
 * @param distinct        pg_stats.n_distinct (negative: minus a fraction of the rows; 0: unknown, as for types without =)
 * @param averageWidth    pg_stats.avg_width in bytes
 * @param commonValues    pg_stats.most_common_vals as text (empty when none or not readable as text)
 * @param commonFrequencies pg_stats.most_common_freqs
 */
public record ColumnStatistics(String table, String column, boolean hasStatistics, Integer target,
                               double nullFraction, double distinct, int averageWidth, List<String> commonValues,
                               List<Double> commonFrequencies) {

    public ColumnStatistics {
        commonValues = commonValues == null ? List.of() : List.copyOf(commonValues);
        commonFrequencies = commonFrequencies == null ? List.of() : List.copyOf(commonFrequencies);
    }

    /** The number of distinct values, turning a negative n_distinct (a fraction of the rows) into a count. */
    public double distinctValues(double rows) {
        return distinct >= 0 ? distinct : -distinct * Math.max(rows, 0);
    }
}
