package io.dataflow.plan;

import java.time.Instant;

/**
 * What the advisor saw of one workload table.
 *
 * @param table                the table
 * @param rows                 the planner's row estimate (pg_class.reltuples; -1 when never analyzed or vacuumed)
 * @param lastAnalyzed         the last ANALYZE (manual or auto) the statistics views remember, or null (never, or forgotten by a reset)
 * @param neverAnalyzed        no column statistics: the planner guesses; {@code --analyze} fixes it
 * @param analyzedNow          the advisor ran ANALYZE on it first (AdvisorOptions.analyze)
 * @param modifiedSinceAnalyze rows changed since the last ANALYZE, or null
 * @param writeRowsPerSecond   the write rate used (rows inserted or updated per second), or null when none was measured or stated
 * @param writeSource          where the write charge comes from: measured, stated, workload_dml or none (assumed zero)
 * @param writeRowsCharged     index entries written per period by each new index on it (what one index is charged, in cost units)
 */
public record TableState(String table, double rows, Instant lastAnalyzed, boolean neverAnalyzed, boolean analyzedNow,
                         Long modifiedSinceAnalyze, Double writeRowsPerSecond, String writeSource, double writeRowsCharged) {
}
