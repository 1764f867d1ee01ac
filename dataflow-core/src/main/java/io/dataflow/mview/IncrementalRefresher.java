package io.dataflow.mview;

import io.dataflow.state.StateSchema;
import static io.dataflow.sql.Identifiers.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;

/**
 * One incremental refresh, in one REPEATABLE READ transaction (one snapshot for every statement,
 * so the captured rows consumed are exactly the ones merged, and rows committed meanwhile wait for
 * the next refresh): consume the captured rows, merge their partial aggregates, advance the
 * watermark. When base rows were updated or deleted since, it rebuilds the summary instead.
 * Refreshes of one view are serialized by a session advisory lock taken before the snapshot.
 */
final class IncrementalRefresher {

    private IncrementalRefresher() {
    }

    static RefreshResult refresh(StateSchema s, Connection c, IncrementalSpec spec) throws SQLException {
        lock(s, c, spec.name(), true);
        try {
            return refreshLocked(s, c, spec);
        } finally {
            lock(s, c, spec.name(), false);
        }
    }

    private static RefreshResult refreshLocked(StateSchema s, Connection c, IncrementalSpec spec) throws SQLException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        SummaryQueries q = new SummaryQueries(spec);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setAutoCommit(false);
        try {
            Map<String, String> types = IncrementalBuilder.types(s, c, spec, q);
            long invalidations = consumeInvalidations(s, c, spec.name());
            String method;
            long merged;
            String reason;
            long rows;
            if (invalidations > 0) {
                method = "rebuild";
                merged = rebuild(s, c, spec, types);
                rows = merged;
                ViewStore.rows(s, c, spec.name(), rows);
                reason = invalidations + " UPDATE/DELETE/TRUNCATE statement(s) on " + spec.baseRelation()
                        + " since the last refresh: updates and deletes are answered by a rebuild";
            } else {
                method = spec.strategy();
                Merge m = merge(s, c, spec, q, types);
                merged = m.groups();
                // the summary's size is kept, not counted: count(*) of a large summary would cost more than the merge
                Long kept = ViewStore.addRows(s, c, spec.name(), m.added());
                rows = kept != null ? kept : ViewStore.rows(s, c, spec.name(), ViewStore.count(s, c, quote(spec.name())));
                reason = merged + " group(s) merged from the rows captured since the last refresh";
            }
            ViewStore.refreshed(s, c, spec.name(), ViewStore.counters(s, c, spec.shape().tables()), true); // watermark moves with the merge
            c.commit();
            double ms = (System.nanoTime() - t0) / 1e6;
            c.setAutoCommit(true);
            if (spec.tracking()) ViewStore.history(s, c, spec.name(), method, started, ms, rows, "ok", null);
            return new RefreshResult(spec.name(), method, started, ms, rows, merged, reason);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
    }

    /** What a merge did: groups inserted or updated, and how many rows the summary gained (or lost). */
    private record Merge(long groups, long added) {
    }

    private static Merge merge(StateSchema s, Connection c, IncrementalSpec spec, SummaryQueries q, Map<String, String> types) throws SQLException {
        String partial = spec.preAggregated() ? q.combined("df_captured", types) : q.partial("df_captured");
        String consume = "WITH df_captured AS (DELETE FROM " + CaptureTriggers.delta(s, spec.name()) + " RETURNING *), p AS (" + partial + ") ";
        String insert = "INSERT INTO " + quote(spec.name()) + " (" + ViewBuilder.columns(q.storedColumns()) + ") ";
        switch (spec.strategy()) {
            case "upsert" -> {
                // xmax = 0 tells a row ON CONFLICT inserted from one it updated
                return counted(s, c, spec, consume + ", df_merged AS (" + insert + "SELECT " + q.storedFrom("p", types) + " FROM p"
                        + q.upsertClause(types) + " RETURNING (xmax = 0) AS df_inserted) SELECT count(*), count(*) FILTER (WHERE df_inserted) FROM df_merged");
            }
            case "append" -> {
                return counted(s, c, spec, consume + ", df_merged AS (" + insert + "SELECT " + q.storedFrom("p", types) + " FROM p RETURNING 1)"
                        + " SELECT count(*), count(*) FROM df_merged");
            }
            default -> { // replace_partition: the groups that got new rows are recomputed from all their rows
                String keys = ViewBuilder.columns(spec.shape().keys());
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TEMP TABLE df_touched ON COMMIT DROP AS SELECT " + keys + " FROM " + quote(spec.name()) + " WITH NO DATA");
                }
                long touched = IncrementalBuilder.executeWithWatermark(s, c, consume + "INSERT INTO df_touched SELECT DISTINCT " + keys + " FROM p", spec);
                long deleted;
                try (Statement st = c.createStatement()) {
                    deleted = st.executeLargeUpdate("DELETE FROM " + quote(spec.name()) + " s USING df_touched t WHERE (" + qualified("s", spec)
                            + ") IS NOT DISTINCT FROM (" + qualified("t", spec) + ")");
                }
                long inserted = IncrementalBuilder.executeWithWatermark(s, c, insert + "SELECT " + q.storedFrom("p", types) + " FROM (" + q.partial(null) + ") p"
                        + " WHERE EXISTS (SELECT 1 FROM df_touched t WHERE (" + qualified("t", spec) + ") IS NOT DISTINCT FROM (" + qualified("p", spec) + "))", spec);
                return new Merge(touched, inserted - deleted);
            }
        }
    }

    private static Merge counted(StateSchema s, Connection c, IncrementalSpec spec, String sql) throws SQLException {
        try (PreparedStatement ps = IncrementalBuilder.prepareWithWatermark(s, c, sql, spec)) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Merge(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    private static long rebuild(StateSchema s, Connection c, IncrementalSpec spec, Map<String, String> types) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM " + quote(spec.name()));
            st.execute("DELETE FROM " + CaptureTriggers.delta(s, spec.name())); // only rows this snapshot sees: they are in the rebuild
        }
        return IncrementalBuilder.fill(s, c, spec, types);
    }

    private static long consumeInvalidations(StateSchema s, Connection c, String name) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "DELETE FROM dataflow.mview_invalidations WHERE view_name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate();
        }
    }

    private static String qualified(String alias, IncrementalSpec spec) {
        return String.join(", ", spec.shape().keys().stream().map(k -> alias + "." + quote(k)).toList());
    }

    private static void lock(StateSchema s, Connection c, String name, boolean take) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "SELECT " + (take ? "pg_advisory_lock" : "pg_advisory_unlock") + "(hashtext('dataflow.mview:' || ?))")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }
}
