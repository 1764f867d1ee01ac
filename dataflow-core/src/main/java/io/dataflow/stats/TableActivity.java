package io.dataflow.stats;

import java.time.Instant;

/**
 * A table's row counts and ANALYZE history, from pg_stat_user_tables and pg_class.
 *
 * @param table              the table
 * @param reltuples          pg_class.reltuples: the rows the last ANALYZE or VACUUM counted (-1: never, on 14+)
 * @param liveRows           n_live_tup
 * @param modifiedSinceAnalyze n_mod_since_analyze
 * @param lastAnalyze        last manual ANALYZE, or null
 * @param lastAutoanalyze    last autovacuum ANALYZE, or null
 */
public record TableActivity(String table, double reltuples, long liveRows, long modifiedSinceAnalyze,
                            Instant lastAnalyze, Instant lastAutoanalyze) {

    /** The later of the two ANALYZE times, or null when the table was never analyzed. */
    public Instant lastAnalyzed() {
        if (lastAnalyze == null) return lastAutoanalyze;
        if (lastAutoanalyze == null) return lastAnalyze;
        return lastAnalyze.isAfter(lastAutoanalyze) ? lastAnalyze : lastAutoanalyze;
    }

    /** The best row count there is: the last count, or the live-row counter when there was none. */
    public long rows() {
        return Math.max(Math.round(reltuples), liveRows);
    }
}
