package io.dataflow.monitor;

import io.dataflow.state.StateSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The statement history in {@code dataflow.monitor_query_samples}: per statement, the mean over a
 * recent window and its baseline, the median of its per-collection means over the trailing span
 * before that window (a median, so a few slow collections do not move it).
 */
final class QueryHistory {

    /**
     * @param calls           calls in the window
     * @param meanMs          total time / calls in the window
     * @param baselineMs      median per-collection mean before the window, or null
     * @param baselineSamples how many collections that median is over
     */
    record Window(long queryid, String query, long calls, double meanMs, Double baselineMs, int baselineSamples) {
    }

    private QueryHistory() {
    }

    /** A statement's baseline: the median of its per-collection means, over {@code samples} collections. */
    record Baseline(double medianMs, int samples) {
    }

    /** Calls and mean per statement over the window; cheap (only the window's rows are read). */
    static Map<Long, Window> windows(StateSchema s, Connection c, Instant now, Duration window, Map<Long, Baseline> baselines) throws SQLException {
        String sql = """
                SELECT w.queryid, q.query, w.calls, w.total / nullif(w.calls, 0)
                  FROM (SELECT queryid, sum(calls) AS calls, sum(total_ms) AS total FROM dataflow.monitor_query_samples
                         WHERE sampled_at > ? AND sampled_at <= ? GROUP BY queryid) w
                  LEFT JOIN dataflow.monitor_queries q USING (queryid)""";
        Map<Long, Window> out = new HashMap<>();
        try (PreparedStatement ps = s.prepare(c, sql)) {
            ps.setTimestamp(1, Timestamp.from(now.minus(window)));
            ps.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Baseline b = baselines.get(rs.getLong(1));
                    out.put(rs.getLong(1), new Window(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getDouble(4),
                            b == null ? null : b.medianMs(), b == null ? 0 : b.samples()));
                }
            }
        }
        return out;
    }

    /**
     * Every statement's baseline over {@code span} before {@code windowStart}. This reads days of
     * samples, so the monitor recomputes it every slow_metrics_interval, not every collection (a
     * median over days hardly moves in minutes).
     */
    static Map<Long, Baseline> baselines(StateSchema s, Connection c, Instant windowStart, Duration span) throws SQLException {
        String sql = """
                SELECT queryid, percentile_cont(0.5) WITHIN GROUP (ORDER BY total_ms / calls), count(*)
                  FROM dataflow.monitor_query_samples
                 WHERE sampled_at > ? AND sampled_at <= ? AND calls > 0
                 GROUP BY queryid""";
        Map<Long, Baseline> out = new HashMap<>();
        try (PreparedStatement ps = s.prepare(c, sql)) {
            ps.setTimestamp(1, Timestamp.from(windowStart.minus(span)));
            ps.setTimestamp(2, Timestamp.from(windowStart));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getLong(1), new Baseline(rs.getDouble(2), rs.getInt(3)));
            }
        }
        return out;
    }
}
