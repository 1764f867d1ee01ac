package io.dataflow.stats;

import static io.dataflow.sql.Identifiers.quote;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * missing_statistics: columns without a pg_stats row on a table that was analyzed and has rows (a
 * column added since the last ANALYZE, a table analyzed while empty). Columns whose target is 0
 * keep no statistics on purpose and are left out. High when no column has statistics.
 */
final class MissingRule {

    private MissingRule() {
    }

    static Optional<Finding> check(TableActivity t, List<ColumnStatistics> columns, String qualifiedTable) {
        if (t.lastAnalyzed() == null || t.rows() <= 0) return Optional.empty();
        List<ColumnStatistics> counted = columns.stream().filter(c -> c.target() == null || c.target() != 0).toList();
        List<String> missing = counted.stream().filter(c -> !c.hasStatistics()).map(ColumnStatistics::column).toList();
        if (missing.isEmpty()) return Optional.empty();
        Severity severity = missing.size() == counted.size() ? Severity.HIGH : Severity.MEDIUM;
        String fix = "ANALYZE " + qualifiedTable + " (" + missing.stream().map(c -> quote(c)).collect(Collectors.joining(", ")) + ");";
        return Optional.of(new Finding(t.table(), missing, StatisticsCheck.MISSING_STATISTICS, severity,
                t.table() + ": " + missing.size() + " of " + counted.size() + " columns have no statistics (" + String.join(", ", missing)
                        + "); the planner uses fixed guesses for them",
                new Evidence().put("columns_without_statistics", missing.size()).put("columns", counted.size())
                        .put("last_analyzed", t.lastAnalyzed().toString()).put("estimated_rows", t.rows()).map(), fix));
    }
}
