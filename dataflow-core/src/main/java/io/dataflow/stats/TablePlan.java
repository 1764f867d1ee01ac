package io.dataflow.stats;

import java.util.List;

/**
 * The statements an update runs on one table, known before any of them runs.
 *
 * @param table      the table
 * @param columns    the columns analyzed (and re-targeted)
 * @param target     the SET STATISTICS value, -1 for a reset, or null when targets are kept
 * @param statements the ALTER TABLE (if any), then the ANALYZE
 */
public record TablePlan(String table, List<String> columns, Integer target, List<String> statements) {

    public TablePlan {
        columns = List.copyOf(columns);
        statements = List.copyOf(statements);
    }
}
