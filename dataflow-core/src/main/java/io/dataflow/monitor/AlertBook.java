package io.dataflow.monitor;

import io.dataflow.state.StateSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Alerts in {@code dataflow.monitor_alerts}. Firing inserts under a unique index on the open
 * alerts' causes, so a cause already open (by this or any other instance) fires nothing: no storms.
 */
final class AlertBook {

    private static final String COLUMNS = "id, rule, cause, subject, message, value, threshold, action, action_result, fired_at, resolved_at, resolved_message";

    private AlertBook() {
    }

    /** The new alert, or empty when its cause is open already. */
    static Optional<Alert> fire(StateSchema s, Connection c, AlertRule rule, RuleEvaluator.Breach b, Instant now) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "INSERT INTO dataflow.monitor_alerts (rule, cause, subject, message, value, threshold, action, fired_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cause) WHERE resolved_at IS NULL DO NOTHING RETURNING " + COLUMNS)) {
            ps.setString(1, rule.name());
            ps.setString(2, cause(rule, b.subject()));
            ps.setString(3, b.subject());
            ps.setString(4, b.message());
            ps.setDouble(5, b.value());
            ps.setDouble(6, b.limit());
            ps.setString(7, rule.action());
            ps.setTimestamp(8, Timestamp.from(now));
            return one(ps);
        }
    }

    static Optional<Alert> resolve(StateSchema s, Connection c, long id, String message, Instant now) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "UPDATE dataflow.monitor_alerts SET resolved_at = ?, resolved_message = ?"
                + " WHERE id = ? AND resolved_at IS NULL RETURNING " + COLUMNS)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, message);
            ps.setLong(3, id);
            return one(ps);
        }
    }

    static Optional<Alert> actionDone(StateSchema s, Connection c, long id, String result) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "UPDATE dataflow.monitor_alerts SET action_result = ? WHERE id = ? RETURNING " + COLUMNS)) {
            ps.setString(1, result);
            ps.setLong(2, id);
            return one(ps);
        }
    }

    static List<Alert> open(StateSchema s, Connection c) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "SELECT " + COLUMNS + " FROM dataflow.monitor_alerts WHERE resolved_at IS NULL ORDER BY fired_at, id")) {
            return all(ps);
        }
    }

    static List<Alert> since(StateSchema s, Connection c, Instant since) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "SELECT " + COLUMNS + " FROM dataflow.monitor_alerts WHERE fired_at >= ? OR resolved_at >= ?"
                + " OR resolved_at IS NULL ORDER BY fired_at, id")) {
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setTimestamp(2, Timestamp.from(since));
            return all(ps);
        }
    }

    static String cause(AlertRule rule, String subject) {
        return subject.isEmpty() ? rule.name() : rule.name() + ":" + subject;
    }

    private static Optional<Alert> one(PreparedStatement ps) throws SQLException {
        List<Alert> all = all(ps);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private static List<Alert> all(PreparedStatement ps) throws SQLException {
        List<Alert> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double v = rs.getDouble(6);
                Double value = rs.wasNull() ? null : v;
                double t = rs.getDouble(7);
                Double threshold = rs.wasNull() ? null : t;
                Timestamp resolved = rs.getTimestamp(11);
                out.add(new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), value, threshold,
                        rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant(), resolved == null ? null : resolved.toInstant(),
                        rs.getString(12)));
            }
        }
        return out;
    }
}
