package io.dataflow.monitor;

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

    static Map<Long, Window> windows(Connection c, Instant now, Duration window, Duration baseline) throws SQLException {
        Instant windowStart = now.minus(window);
        String sql = """
                WITH w AS (SELECT queryid, sum(calls) AS calls, sum(total_ms) AS total FROM dataflow.monitor_query_samples
                            WHERE sampled_at > ? AND sampled_at <= ? GROUP BY queryid),
                     b AS (SELECT queryid, percentile_cont(0.5) WITHIN GROUP (ORDER BY total_ms / calls) AS baseline, count(*) AS n
                             FROM dataflow.monitor_query_samples
                            WHERE sampled_at > ? AND sampled_at <= ? AND calls > 0 AND queryid IN (SELECT queryid FROM w)
                            GROUP BY queryid)
                SELECT w.queryid, q.query, w.calls, w.total / nullif(w.calls, 0), b.baseline, coalesce(b.n, 0)
                  FROM w LEFT JOIN b USING (queryid) LEFT JOIN dataflow.monitor_queries q USING (queryid)""";
        Map<Long, Window> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(windowStart));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(windowStart.minus(baseline)));
            ps.setTimestamp(4, Timestamp.from(windowStart));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double base = rs.getDouble(5);
                    Double baselineMs = rs.wasNull() ? null : base;
                    out.put(rs.getLong(1), new Window(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), baselineMs, rs.getInt(6)));
                }
            }
        }
        return out;
    }
}
