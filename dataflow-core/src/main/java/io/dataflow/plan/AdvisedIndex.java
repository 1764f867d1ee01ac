package io.dataflow.plan;

import java.util.List;

/**
 * An index the advisor proposes.
 *
 * @param table        the table
 * @param columns      key columns
 * @param include      INCLUDE columns
 * @param where        partial-index predicate, or null
 * @param sql          {@code CREATE INDEX CONCURRENTLY ...}
 * @param sizeBytes    estimated (HypoPG) or measured (rolled-back build) size
 * @param benefitPct   how much of the original workload cost this index removes, given the others (its marginal benefit)
 * @param writeOverhead planner-cost units charged for maintaining it on writes
 * @param queries      the workload statements whose plans use it
 */
public record AdvisedIndex(String table, List<String> columns, List<String> include, String where, String sql, long sizeBytes,
                           double benefitPct, double writeOverhead, List<String> queries) {
}
