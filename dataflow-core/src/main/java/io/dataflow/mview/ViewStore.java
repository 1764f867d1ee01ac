package io.dataflow.mview;

import io.dataflow.state.StateSchema;
import io.dataflow.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rows of {@code dataflow.mviews} and {@code dataflow.mview_refreshes}; SQL only, no decisions. */
final class ViewStore {

    /** A managed view as stored. */
    record Stored(String name, String kind, String definition, String config, Instant watermark, Instant lastRefresh, String baseCounters) {
    }

    private ViewStore() {
    }

    static Optional<Stored> find(StateSchema s, Connection c, String name) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "SELECT name, kind, definition, config::text, watermark, last_refresh, base_counters::text"
                + " FROM dataflow.mviews WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), rs.getString(7)));
            }
        }
    }

    static List<String> names(StateSchema s, Connection c) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = s.prepare(c, "SELECT name FROM dataflow.mviews ORDER BY name"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static void save(StateSchema s, Connection c, String name, String kind, String definition, Map<String, ?> config) throws SQLException {
        exec(s, c, "INSERT INTO dataflow.mviews (name, kind, definition, config) VALUES (?, ?, ?, ?::jsonb)"
                + " ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, definition = EXCLUDED.definition, config = EXCLUDED.config",
                name, kind, definition, Json.write(config));
    }

    static void delete(StateSchema s, Connection c, String name) throws SQLException {
        exec(s, c, "DELETE FROM dataflow.mviews WHERE name = ?", name);
    }

    /** Stamps a refresh: the time, the base tables' counters, and (incremental) the new watermark, in the caller's transaction. */
    static void refreshed(StateSchema s, Connection c, String name, Map<String, Long> counters, boolean advanceWatermark) throws SQLException {
        exec(s, c, "UPDATE dataflow.mviews SET last_refresh = now(), base_counters = ?::jsonb"
                + (advanceWatermark ? ", watermark = now()" : "") + " WHERE name = ?", Json.write(counters), name);
    }

    /** Adds to an incremental view's kept row count; null when none is kept yet (the caller counts once). */
    static Long addRows(StateSchema s, Connection c, String name, long added) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "UPDATE dataflow.mviews SET row_count = row_count + ? WHERE name = ? AND row_count IS NOT NULL"
                + " RETURNING row_count")) {
            ps.setLong(1, added);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Sets an incremental view's kept row count (after a fill or rebuild, which know it exactly). */
    static long rows(StateSchema s, Connection c, String name, long rows) throws SQLException {
        exec(s, c, "UPDATE dataflow.mviews SET row_count = ? WHERE name = ?", rows, name);
        return rows;
    }

    static void history(StateSchema s, Connection c, String name, String method, Instant started, double ms, Long rows, String status, String error) throws SQLException {
        exec(s, c, "INSERT INTO dataflow.mview_refreshes (name, method, started_at, duration_ms, rows, status, error) VALUES (?, ?, ?, ?, ?, ?, ?)",
                name, method, Timestamp.from(started), ms, rows, status, error);
    }

    /** n_tup_ins + n_tup_upd + n_tup_del of each table, as the statistics collector has them now. */
    static Map<String, Long> counters(StateSchema s, Connection c, java.util.Collection<String> tables) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = s.prepare(c, "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables"
                + " WHERE relname = ANY (?) ORDER BY relname")) {
            ps.setArray(1, c.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    static void exec(StateSchema s, Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.executeUpdate();
        }
    }

    static long count(StateSchema s, Connection c, String relation) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "SELECT count(*) FROM " + relation); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean relationExists(StateSchema s, Connection c, String name) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, io.dataflow.sql.Identifiers.quote(name));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
