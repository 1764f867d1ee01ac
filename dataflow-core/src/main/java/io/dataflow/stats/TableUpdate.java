package io.dataflow.stats;

import java.util.List;

/**
 * What an update did to one table.
 *
 * @param table            the table
 * @param columns          the columns analyzed
 * @param statisticsTarget the largest target in effect on those columns after the update (it sets the sample size)
 * @param rowsSampled      {@code min(300 × statisticsTarget, estimatedRows)}: the rows ANALYZE reads, computed
 *                         (not reported by the server)
 * @param estimatedRows    pg_class.reltuples after the ANALYZE
 * @param durationMs       how long the statements took
 * @param statements       what ran, in order
 */
public record TableUpdate(String table, List<String> columns, int statisticsTarget, long rowsSampled, long estimatedRows,
                          double durationMs, List<String> statements) {

    /** ANALYZE samples 300 rows per unit of the largest statistics target (std_typanalyze in analyze.c). */
    public static final int ROWS_PER_TARGET = 300;

    public TableUpdate {
        columns = List.copyOf(columns);
        statements = List.copyOf(statements);
    }

    static long rowsSampled(int statisticsTarget, long estimatedRows) {
        return Math.min((long) ROWS_PER_TARGET * statisticsTarget, Math.max(0, estimatedRows));
    }
}
