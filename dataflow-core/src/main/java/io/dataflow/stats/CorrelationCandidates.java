package io.dataflow.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Which column pairs of a table are worth probing. A column qualifies when it has statistics, at
 * least 2 distinct values (0 means ANALYZE could not compare its values), at most rows / ratio of
 * them (rarer values cannot be off by the ratio: a pair can match no more rows than either value
 * does), is mostly non-null and narrow enough to use as a literal. The first
 * {@code columnsPerTable} such columns, in column order, are paired.
 */
final class CorrelationCandidates {

    static final int MAX_WIDTH = 64;
    static final double MAX_NULL_FRACTION = 0.5;

    private CorrelationCandidates() {
    }

    static List<List<String>> pairs(List<ColumnStatistics> columns, double rows, CorrelationLimits limits) {
        if (rows < limits.minRows()) return List.of();
        List<String> eligible = columns.stream()
                .filter(c -> c.hasStatistics() && c.averageWidth() <= MAX_WIDTH && c.nullFraction() <= MAX_NULL_FRACTION)
                .filter(c -> {
                    double d = c.distinctValues(rows);
                    return d >= 2 && d <= rows / limits.ratio();
                })
                .map(ColumnStatistics::column)
                .limit(limits.columnsPerTable())
                .toList();
        List<List<String>> pairs = new ArrayList<>();
        for (int i = 0; i < eligible.size(); i++) {
            for (int j = i + 1; j < eligible.size(); j++) pairs.add(List.of(eligible.get(i), eligible.get(j)));
        }
        return pairs;
    }
}
