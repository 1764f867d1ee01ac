package io.dataflow.partition;

import static io.dataflow.sql.Identifiers.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a partitioned table's attached partitions from pg_catalog. */
final class PartitionCatalog {

    private static final Pattern RANGE = Pattern.compile("FROM \\((.+?)\\) TO \\((.+?)\\)$");
    private static final Pattern LIST = Pattern.compile("IN \\((.*)\\)$");

    private PartitionCatalog() {
    }

    /** Whether {@code table} exists and is partitioned. */
    static boolean isPartitioned(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Partitions ordered by lower bound (DEFAULT last); bounds deparse in UTC. */
    static List<LivePartition> partitions(Connection c, String parent) throws SQLException {
        return inUtc(c, () -> read(c, parent));
    }

    private static List<LivePartition> read(Connection c, String parent) throws SQLException {
        List<LivePartition> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT k.relname, pg_get_expr(k.relpartbound, k.oid), pg_total_relation_size(k.oid)
                  FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid
                 WHERE i.inhparent = to_regclass(?)""")) {
            ps.setString(1, quote(parent));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(parse(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        out.sort(Comparator.comparing((LivePartition p) -> p.isDefault()).thenComparing(p -> p.from() == null ? LocalDate.MIN : p.from())
                .thenComparing(LivePartition::name));
        return out;
    }

    /** Whether a DETACH ... CONCURRENTLY of {@code partition} was interrupted (PostgreSQL 14+). */
    static boolean detachPending(Connection c, String partition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT i.inhdetachpending FROM pg_inherits i WHERE i.inhrelid = to_regclass(?)""")) {
            ps.setString(1, quote(partition));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return false; // before 14 there is no pending state
        }
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long size(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(pg_total_relation_size(to_regclass(?)), 0)")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Column name, type (format_type) and NOT NULL, in column order: for manifests. */
    static List<ArchiveManifest.Column> columns(Connection c, String table) throws SQLException {
        List<ArchiveManifest.Column> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
                  FROM pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY a.attnum""")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new ArchiveManifest.Column(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
            }
        }
        return out;
    }

    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} with TimeZone UTC for its transaction only (bounds deparse in the session's
     * time zone; UTC keeps them comparable with the layout's dates; a pooled connection keeps its own).
     */
    static <T> T inUtc(Connection c, SqlWork<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        if (auto) c.setAutoCommit(false);
        try {
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL TimeZone = 'UTC'");
            }
            T out = work.run();
            if (auto) c.commit();
            return out;
        } catch (SQLException | RuntimeException e) {
            if (auto) c.rollback();
            throw e;
        } finally {
            if (auto) c.setAutoCommit(true);
        }
    }

    static LivePartition parse(String name, String bound, long bytes) {
        if ("DEFAULT".equals(bound)) return new LivePartition(name, true, null, null, List.of(), bound, bytes);
        Matcher m = RANGE.matcher(bound);
        if (m.find()) return new LivePartition(name, false, day(m.group(1)), day(m.group(2)), List.of(), bound, bytes);
        Matcher l = LIST.matcher(bound);
        if (l.find()) return new LivePartition(name, false, null, null, listValues(l.group(1)), bound, bytes);
        return new LivePartition(name, false, null, null, List.of(), bound, bytes);
    }

    private static LocalDate day(String literal) {
        String s = literal.strip();
        if (!s.startsWith("'")) return null; // MINVALUE / MAXVALUE
        return LocalDate.parse(s.substring(1, 11));
    }

    static List<String> listValues(String inner) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < inner.length(); i++) {
            char ch = inner.charAt(i);
            if (ch == '\'') {
                if (quoted && i + 1 < inner.length() && inner.charAt(i + 1) == '\'') {
                    cur.append('\'');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }
}
