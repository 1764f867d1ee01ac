package io.dataflow.monitor;

import io.dataflow.DataFlowException;
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
import javax.sql.DataSource;

/**
 * Reads back what the monitor stored in the {@code dataflow} schema: metric series, per-statement
 * series and the statements ranked over a time range. Read-only; a reader (the dashboard, a report)
 * uses this rather than a second copy of the monitor's tables' queries.
 */
public final class MonitorHistory {

    /** One stored value of a metric. */
    public record Sample(Instant at, double value) {
    }

    /** A statement's change over one collection. */
    public record StatementSample(Instant at, long calls, double totalMs, double meanMs, long rows, double hitRate) {
    }

    /**
     * A statement over a time range, summed from its per-collection samples.
     *
     * @param hitRate shared_blks_hit / (hit + read), or null when it read no blocks
     */
    public record StatementTotals(long queryid, String query, long calls, double totalMs, double meanMs, long rows, Double hitRate,
                                  int samples) {
    }

    private final DataSource dataSource;
    private final StateSchema state;

    public MonitorHistory(DataSource dataSource, StateSchema state) {
        this.dataSource = dataSource;
        this.state = state;
    }

    /** A metric's values for {@code subject} ("" for database-wide metrics) in [from, to], oldest first. */
    public List<Sample> series(String metric, String subject, Instant from, Instant to) {
        return query("SELECT sampled_at, value FROM dataflow.monitor_samples WHERE metric = ? AND subject = ? AND sampled_at BETWEEN ? AND ?"
                + " ORDER BY sampled_at", ps -> {
                    ps.setString(1, metric);
                    ps.setString(2, subject == null ? "" : subject);
                    ps.setTimestamp(3, Timestamp.from(from));
                    ps.setTimestamp(4, Timestamp.from(to));
                }, rs -> new Sample(rs.getTimestamp(1).toInstant(), rs.getDouble(2)));
    }

    /** The statements with the most total time in [from, to]. */
    public List<StatementTotals> topStatements(Instant from, Instant to, int limit) {
        return query("""
                SELECT s.queryid, q.query, sum(s.calls), sum(s.total_ms), sum(s.rows), sum(s.shared_blks_hit), sum(s.shared_blks_read), count(*)
                  FROM dataflow.monitor_query_samples s LEFT JOIN dataflow.monitor_queries q USING (queryid)
                 WHERE s.sampled_at BETWEEN ? AND ?
                 GROUP BY s.queryid, q.query
                 ORDER BY sum(s.total_ms) DESC
                 LIMIT ?""", ps -> {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setInt(3, limit);
        }, rs -> {
            long calls = rs.getLong(3);
            double total = rs.getDouble(4);
            long hit = rs.getLong(6);
            long read = rs.getLong(7);
            return new StatementTotals(rs.getLong(1), rs.getString(2), calls, total, calls == 0 ? 0 : total / calls, rs.getLong(5),
                    hit + read == 0 ? null : (double) hit / (hit + read), rs.getInt(8));
        });
    }

    /** One statement's samples in [from, to], oldest first. */
    public List<StatementSample> statement(long queryid, Instant from, Instant to) {
        return query("SELECT sampled_at, calls, total_ms, rows, shared_blks_hit, shared_blks_read FROM dataflow.monitor_query_samples"
                + " WHERE queryid = ? AND sampled_at BETWEEN ? AND ? ORDER BY sampled_at", ps -> {
                    ps.setLong(1, queryid);
                    ps.setTimestamp(2, Timestamp.from(from));
                    ps.setTimestamp(3, Timestamp.from(to));
                }, rs -> {
                    long calls = rs.getLong(2);
                    double total = rs.getDouble(3);
                    long hit = rs.getLong(5);
                    long read = rs.getLong(6);
                    return new StatementSample(rs.getTimestamp(1).toInstant(), calls, total, calls == 0 ? 0 : total / calls, rs.getLong(4),
                            hit + read == 0 ? 1.0 : (double) hit / (hit + read));
                });
    }

    /** The normalized text the monitor stored for a statement. */
    public Optional<String> statementText(long queryid) {
        List<String> texts = query("SELECT query FROM dataflow.monitor_queries WHERE queryid = ?", ps -> ps.setLong(1, queryid), rs -> rs.getString(1));
        return texts.stream().findFirst();
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = state.prepare(c, sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(reader.read(rs));
            }
            return out;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) return List.of(); // the monitor never ran here: no history yet
            // a role with no access to the state schema (a read-only dashboard): as good as absent for a reader
            if ("42501".equals(e.getSQLState())) return List.of();
            throw new DataFlowException("reading the monitor's history failed: " + e.getMessage(), e);
        }
    }
}
