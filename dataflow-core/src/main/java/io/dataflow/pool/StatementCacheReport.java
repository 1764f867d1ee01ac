package io.dataflow.pool;

import java.util.List;

/**
 * What PreparedStatementMonitor measured.
 *
 * @param executions            executions counted by DataFlow's tracking
 * @param hits                  of those, reuses of a server-prepared statement
 * @param hitRate               hits / executions, null before any execution
 * @param planningMsSaved       sum over statements of hits x measured planning time; null when none could be measured
 * @param statementsMeasured    statements whose planning time is known
 * @param preparedOnConnection  rows of pg_prepared_statements on the connection sampled
 * @param memoryMbPerConnection cached-plan memory of that connection (pg_backend_memory_contexts, PostgreSQL 14+), or null
 * @param memoryMbEstimated     that times the pool's open connections, or null
 * @param alerts                thresholds crossed
 */
public record StatementCacheReport(long executions, long hits, Double hitRate, Double planningMsSaved, int statementsMeasured,
                                   int preparedOnConnection, Double memoryMbPerConnection, Double memoryMbEstimated,
                                   List<Alert> alerts) {

    /**
     * A threshold of the guide's {@code alert_on} that the measurement crossed.
     *
     * @param rule      the {@code alert_on} key: {@code hit_rate_below} or {@code memory_above_mb}
     * @param threshold the configured value
     * @param value     the measured one (a ratio, or MB across the pool)
     * @param message   the same in words
     */
    public record Alert(String rule, double threshold, double value, String message) {
    }
}
