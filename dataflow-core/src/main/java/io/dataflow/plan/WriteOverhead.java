package io.dataflow.plan;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an index costs writers, in planner-cost units: every row inserted, updated or deleted in its
 * table writes an index entry, counted at {@link #PER_ROW} each. Rows written come from the
 * workload's own DML (weight x estimated rows), or, when pg_stat_user_tables shows more, from the
 * table's writes per scan times the workload's scans of it: a write-heavy table pays for its
 * indexes even when the workload only lists its reads.
 */
final class WriteOverhead {

    /** Cost units per index entry written: about a cached leaf-page visit and a WAL record. */
    static final double PER_ROW = 1.0;

    private WriteOverhead() {
    }

    static Map<IndexCandidate, Double> of(Connection c, List<AdvisorQuery> queries, List<IndexCandidate> candidates, CostOracle oracle)
            throws SQLException {
        IndexCatalog catalog = new IndexCatalog(c);
        Map<String, Double> dml = new HashMap<>();
        Map<String, Double> scans = new HashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            AdvisorQuery q = queries.get(i);
            if (q.writes() && q.shape() != null && !q.shape().tables().isEmpty()) {
                String target = q.shape().tables().iterator().next();
                dml.merge(target, q.weight() * rowsWritten(oracle, i), Double::sum);
            }
            for (String t : q.tables()) scans.merge(t, q.weight(), Double::sum);
        }
        Map<String, Double> perTable = new HashMap<>();
        Map<IndexCandidate, Double> out = new HashMap<>();
        for (IndexCandidate ix : candidates) {
            double rows = perTable.computeIfAbsent(ix.table(), t -> {
                IndexCatalog.TableStats s = catalog.stats(t);
                double observed = s.writes() / (double) Math.max(1, s.seqScans() + s.indexScans()) * scans.getOrDefault(t, 0.0);
                return Math.max(dml.getOrDefault(t, 0.0), observed);
            });
            out.put(ix, rows * PER_ROW);
        }
        return out;
    }

    /** The rows a DML statement writes: the estimate of its ModifyTable's input. */
    private static double rowsWritten(CostOracle oracle, int query) throws SQLException {
        PlanNode root = oracle.plan(query, List.of()).plan();
        return Math.max(1, root.children().isEmpty() ? root.planRows() : root.children().get(0).planRows());
    }
}
