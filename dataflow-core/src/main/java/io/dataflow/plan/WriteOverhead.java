package io.dataflow.plan;

import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an index costs writers, on the reads' footing: reads are Σ weight x planner cost over the
 * workload's period, so writes are the index entries written in that same period, at
 * {@link #PER_ROW} cost units each. The rows written per period come from the workload's own DML
 * (weight x the planner's estimate of the rows each execution writes) or from a write rate —
 * measured over an observation window or stated by the user — times the period; the larger of the
 * two (they may count the same writes). Nothing else: counters since an unknown reset are not a
 * rate, and a past bulk load is not a workload.
 */
final class WriteOverhead {

    /** Cost units per index entry written: about a cached leaf-page visit and a WAL record. */
    static final double PER_ROW = 1.0;

    /** A known write rate and where it comes from (measured or stated). */
    record Rate(double rowsPerSecond, String source) {
    }

    /** The write charge of one table: rows per period each of its new indexes must take. */
    record TableWrites(double rowsPerPeriod, Double rowsPerSecond, String source) {
    }

    private final Map<String, TableWrites> tables = new HashMap<>();

    private WriteOverhead() {
    }

    static WriteOverhead of(List<AdvisorQuery> queries, Collection<String> tablesOfInterest, CostOracle oracle, Map<String, Rate> rates,
                            double periodSeconds) throws SQLException {
        Map<String, Double> dml = new HashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            AdvisorQuery q = queries.get(i);
            if (q.writes() && q.shape() != null && !q.shape().tables().isEmpty()) {
                String target = q.shape().tables().iterator().next();
                dml.merge(target, q.weight() * rowsWritten(oracle, i), Double::sum);
            }
        }
        WriteOverhead out = new WriteOverhead();
        Set<String> all = new LinkedHashSet<>(tablesOfInterest);
        all.addAll(dml.keySet());
        for (String t : all) {
            Rate rate = rates.get(WriteRates.normalize(t));
            double fromDml = dml.getOrDefault(t, 0.0);
            double fromRate = rate == null ? 0 : rate.rowsPerSecond() * periodSeconds;
            String source = rate != null && fromRate >= fromDml ? rate.source() : fromDml > 0 ? "workload_dml" : "none";
            out.tables.put(t, new TableWrites(Math.max(fromDml, fromRate), rate == null ? null : rate.rowsPerSecond(), source));
        }
        return out;
    }

    /** Cost units per period for maintaining {@code ix}. */
    double cost(IndexCandidate ix) {
        TableWrites w = tables.get(ix.table());
        return w == null ? 0 : w.rowsPerPeriod() * PER_ROW;
    }

    Map<IndexCandidate, Double> costs(Collection<IndexCandidate> candidates) {
        Map<IndexCandidate, Double> out = new HashMap<>();
        for (IndexCandidate c : candidates) out.put(c, cost(c));
        return out;
    }

    TableWrites table(String table) {
        return tables.getOrDefault(table, new TableWrites(0, null, "none"));
    }

    /** The rows a DML statement writes: the estimate of its ModifyTable's input. */
    private static double rowsWritten(CostOracle oracle, int query) throws SQLException {
        PlanNode root = oracle.plan(query, List.of()).plan();
        return Math.max(1, root.children().isEmpty() ? root.planRows() : root.children().get(0).planRows());
    }
}
