package io.dataflow.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * outdated_statistics: a table with rows that was never analyzed, or whose last ANALYZE is older
 * than {@code staleness_days}, or since which {@code n_mod_since_analyze} reached
 * {@code row_change_percent} of the rows that ANALYZE counted.
 *
 * <p>Severity: never analyzed is high from 1000 rows (medium below: small tables are cheap to plan
 * wrongly); changes of twice the threshold are high, above the threshold medium; age alone is low,
 * since old statistics of unchanged rows are still right.
 */
final class OutdatedRule {

    static final long LARGE_TABLE_ROWS = 1000;

    private OutdatedRule() {
    }

    static Optional<Finding> check(TableActivity t, AlertThreshold threshold, Instant now, String qualifiedTable) {
        String fix = "ANALYZE " + qualifiedTable + ";";
        Instant last = t.lastAnalyzed();
        if (last == null) {
            if (t.rows() <= 0) return Optional.empty();
            Severity severity = t.rows() >= LARGE_TABLE_ROWS ? Severity.HIGH : Severity.MEDIUM;
            return Optional.of(new Finding(t.table(), List.of(), StatisticsCheck.OUTDATED_STATISTICS, severity,
                    t.table() + " has about " + t.rows() + " rows and was never analyzed: the planner guesses its row counts",
                    new Evidence().put("last_analyzed", null).put("estimated_rows", t.rows())
                            .put("modified_since_analyze", t.modifiedSinceAnalyze()).map(), fix));
        }
        double days = Duration.between(last, now).toSeconds() / 86_400.0;
        double changePercent = 100.0 * t.modifiedSinceAnalyze() / Math.max(t.reltuples(), 1);
        boolean old = days >= threshold.stalenessDays();
        boolean changed = changePercent >= threshold.rowChangePercent();
        if (!old && !changed) return Optional.empty();
        Severity severity = !changed ? Severity.LOW
                : changePercent >= 2 * threshold.rowChangePercent() ? Severity.HIGH : Severity.MEDIUM;
        String why = (changed ? String.format(java.util.Locale.ROOT, "%.1f%% of its rows changed", changePercent) : "")
                + (changed && old ? " and " : "")
                + (old ? String.format(java.util.Locale.ROOT, "it was last analyzed %.1f days ago", days) : "");
        String summary = t.table() + ": " + why + String.format(java.util.Locale.ROOT,
                " (thresholds: %s%% changed, %s days)", plain(threshold.rowChangePercent()), plain(threshold.stalenessDays()));
        Evidence evidence = new Evidence().put("last_analyzed", last.toString()).put("days_since_analyze", days, 2)
                .put("modified_since_analyze", t.modifiedSinceAnalyze()).put("rows_at_last_analyze", Math.round(Math.max(t.reltuples(), 0)))
                .put("row_change_percent", changePercent, 1).put("live_rows", t.liveRows())
                .put("staleness_days_threshold", threshold.stalenessDays()).put("row_change_percent_threshold", threshold.rowChangePercent());
        return Optional.of(new Finding(t.table(), List.of(), StatisticsCheck.OUTDATED_STATISTICS, severity, summary, evidence.map(), fix));
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
