package io.dataflow.monitor;

import io.dataflow.maintenance.RelationBloat;
import io.dataflow.plan.Finding;
import io.dataflow.plan.IndexIssue;
import io.dataflow.lock.LockWait;
import java.time.Instant;
import java.util.List;

/**
 * One collection: the guide's four metric groups, PgHero's health checks, the alerts it fired or
 * resolved, and the alerts still open. A group that was not collected is null.
 *
 * @param collectedAt      when (the monitor's clock)
 * @param database         the database monitored
 * @param queryPerformance pg_stat_statements: top statements, slow_query_log, explain_slow_queries
 * @param indexUsage       unused indexes, index scan ratio, index bloat
 * @param tableStatistics  row estimates, dead tuples, last (auto)vacuum and analyze
 * @param lockStatistics   lock waits, deadlocks, longest and idle-in-transaction ages
 * @param healthChecks     PgHero's checks, each ok, warning or critical
 * @param events           alerts fired or resolved by this collection
 * @param openAlerts       every alert open after it
 * @param notes            what could not be collected and why
 * @param durationMs       how long the collection took
 */
public record MonitorReport(Instant collectedAt, String database, QueryPerformance queryPerformance, IndexUsage indexUsage,
                            TableStatistics tableStatistics, LockStatistics lockStatistics, List<HealthCheck> healthChecks,
                            List<AlertEvent> events, List<Alert> openAlerts, List<String> notes, double durationMs) {

    /**
     * @param available       whether pg_stat_statements could be read
     * @param note            how to enable it when not, or what the numbers cover
     * @param interval        "since the previous collection" or "since pg_stat_statements was reset" (first collection)
     * @param topQueries      the statements with the most total time
     * @param slowQueryLog    statements whose mean time was over threshold_ms, slowest first
     * @param thresholdMs     the threshold
     * @param explainSlowQueries generic plans of the slow statements with the plan analyzer's findings
     */
    public record QueryPerformance(boolean available, String note, String interval, List<QueryStat> topQueries,
                                   List<QueryStat> slowQueryLog, double thresholdMs, List<SlowQueryPlan> explainSlowQueries) {
    }

    /**
     * One normalized statement over the interval.
     *
     * @param baselineMs its baseline mean (median of its per-collection means over the trailing days), or null
     */
    public record QueryStat(long queryid, String query, long calls, double totalMs, double meanMs, long rows, long sharedBlksHit,
                            long sharedBlksRead, double planMs, Double baselineMs) {
    }

    /**
     * @param scans    the scan nodes of the generic plan: "Seq Scan on orders (filter ...)", "Index Scan using ..."
     * @param findings the plan analyzer's findings on it
     * @param error    why it could not be planned, or null
     */
    public record SlowQueryPlan(long queryid, String query, double meanMs, Double totalCost, List<String> scans, List<Finding> findings,
                                String error) {
    }

    /**
     * @param unusedIndexes  never scanned since the statistics reset (unique and constraint indexes excluded)
     * @param indexScanRatio per table
     * @param indexBloat     btree indexes with their bloat ratio (collected every slow_metrics_interval; null in between)
     * @param collectedAt    when unused indexes and bloat were last measured
     */
    public record IndexUsage(List<IndexIssue> unusedIndexes, List<ScanRatio> indexScanRatio, List<RelationBloat> indexBloat,
                             Instant collectedAt) {
    }

    public record ScanRatio(String table, long seqScans, long idxScans, Double ratio) {
    }

    public record TableStatistics(List<TableStat> tables) {
    }

    /**
     * @param estimatedRows    reltuples (the planner's estimate)
     * @param estimateError    max(estimate, live) / min(estimate, live), 1.0 is exact
     */
    public record TableStat(String table, Double estimatedRows, long liveRows, long deadRows, double deadRatio, Double estimateError,
                            Instant lastVacuum, Instant lastAutovacuum, Instant lastAnalyze, Instant lastAutoanalyze) {
    }

    /**
     * @param deadlocks           since the previous collection (null on the first)
     * @param waits               the sessions waiting, from the lock monitor
     */
    public record LockStatistics(Integer lockWaits, Double longestWaitS, Long deadlocks, Long deadlocksTotal,
                                 Double longestTransactionS, Double idleInTransactionS, List<LockWait> waits) {
    }

    /** @param status ok, warning or critical */
    public record HealthCheck(String name, String status, Double value, String message) {
    }
}
