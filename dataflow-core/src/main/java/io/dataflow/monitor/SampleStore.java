package io.dataflow.monitor;

import io.dataflow.state.StateSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The metric history in {@code dataflow.monitor_samples}, and retention for every history table. */
final class SampleStore {

    private SampleStore() {
    }

    static void save(StateSchema s, Connection c, List<MetricPoint> points, Instant at) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "INSERT INTO dataflow.monitor_samples (sampled_at, metric, subject, value) VALUES (?, ?, ?, ?)")) {
            Timestamp t = Timestamp.from(at);
            for (MetricPoint p : points) {
                if (Double.isNaN(p.value()) || Double.isInfinite(p.value())) continue;
                ps.setTimestamp(1, t);
                ps.setString(2, p.metric());
                ps.setString(3, p.subject());
                ps.setDouble(4, p.value());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The latest value of a metric, as of before {@code at}. */
    static Optional<Double> last(StateSchema s, Connection c, String metric, String subject, Instant before) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "SELECT value FROM dataflow.monitor_samples WHERE metric = ? AND subject = ? AND sampled_at < ?"
                + " ORDER BY sampled_at DESC LIMIT 1")) {
            ps.setString(1, metric);
            ps.setString(2, subject);
            ps.setTimestamp(3, Timestamp.from(before));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getDouble(1)) : Optional.empty();
            }
        }
    }

    /** Deletes history older than {@code cutoff}; open alerts are kept whatever their age. */
    static void purge(StateSchema s, Connection c, Instant cutoff) throws SQLException {
        Timestamp t = Timestamp.from(cutoff);
        for (String sql : List.of("DELETE FROM dataflow.monitor_samples WHERE sampled_at < ?",
                "DELETE FROM dataflow.monitor_query_samples WHERE sampled_at < ?",
                "DELETE FROM dataflow.monitor_queries WHERE last_seen < ?",
                "DELETE FROM dataflow.monitor_alerts WHERE resolved_at < ?")) {
            try (PreparedStatement ps = s.prepare(c, sql)) {
                ps.setTimestamp(1, t);
                ps.executeUpdate();
            }
        }
    }
}
