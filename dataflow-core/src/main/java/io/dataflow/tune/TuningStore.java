package io.dataflow.tune;

import io.dataflow.state.StateSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes {@code dataflow.tuning_runs} and {@code dataflow.tuning_changes}, each write committed on its own. */
final class TuningStore {

    /** One setting of a run: what ALTER SYSTEM had before (null: nothing), what was in effect, what DataFlow set. */
    record Change(String name, String previousAutoConf, String previousValue, String newValue) {
    }

    record Run(long id, List<Change> changes) {
    }

    private TuningStore() {
    }

    /** Records the changes before they are made, so a crash half-way still leaves what a revert needs. */
    static long begin(StateSchema s, Connection c, String source, List<Change> changes) throws SQLException {
        return inTransaction(s, c, () -> {
            long id;
            try (PreparedStatement ps = s.prepare(c, "INSERT INTO dataflow.tuning_runs (source, status) VALUES (?, 'applying') RETURNING id")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = s.prepare(c, "INSERT INTO dataflow.tuning_changes (run_id, position, name,"
                    + " previous_auto_conf, previous_value, new_value) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < changes.size(); i++) {
                    Change ch = changes.get(i);
                    ps.setLong(1, id);
                    ps.setInt(2, i);
                    ps.setString(3, ch.name());
                    ps.setString(4, ch.previousAutoConf());
                    ps.setString(5, ch.previousValue());
                    ps.setString(6, ch.newValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return id;
        });
    }

    static void finish(StateSchema s, Connection c, long id, String status) throws SQLException {
        inTransaction(s, c, () -> {
            try (PreparedStatement ps = s.prepare(c, "UPDATE dataflow.tuning_runs SET status = ?,"
                    + " reverted_at = CASE WHEN ? = 'reverted' THEN now() END WHERE id = ?")) {
                ps.setString(1, status);
                ps.setString(2, status);
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Whether DataFlow's state schema has the tuning tables yet (nothing to revert without them). */
    static boolean exists(StateSchema s, Connection c) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "SELECT to_regclass('dataflow.tuning_runs') IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Applied runs not yet reverted, newest first (an interrupted 'applying' run counts: some of it may be in place). */
    static List<Run> unreverted(StateSchema s, Connection c) throws SQLException {
        Map<Long, List<Change>> runs = new LinkedHashMap<>();
        try (PreparedStatement ps = s.prepare(c, "SELECT r.id, ch.name, ch.previous_auto_conf, ch.previous_value, ch.new_value"
                + " FROM dataflow.tuning_runs r JOIN dataflow.tuning_changes ch ON ch.run_id = r.id"
                + " WHERE r.status IN ('applied', 'applying') ORDER BY r.id DESC, ch.position");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                runs.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new Change(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        List<Run> out = new ArrayList<>();
        runs.forEach((id, changes) -> out.add(new Run(id, List.copyOf(changes))));
        return out;
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(StateSchema s, Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true); // ALTER SYSTEM must not run inside a transaction block
        }
    }
}
