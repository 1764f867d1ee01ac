package io.dataflow.plan;

import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Existing indexes that cost writes and space for nothing: never scanned since statistics were
 * reset, identical to another index, or a prefix of another index's keys (the longer one serves the
 * same lookups). Indexes that enforce a constraint (unique, primary key, exclusion) are never reported.
 * "Never scanned" needs time as evidence: with a minimum age, an index is called unused only when the
 * statistics have counted for that long and the index is known to be that old — by its commit
 * timestamp (track_commit_timestamp) or, as a lower bound, the last change of its file (pg_stat_file:
 * superuser or pg_read_server_files) — so indexes built seconds ago are not proposed for dropping.
 */
final class IndexIssues {

    /** The issues, and the indexes without scans that were not called unused, with why. */
    record Found(List<IndexIssue> issues, List<String> heldBack, String rule) {
    }

    private IndexIssues() {
    }

    /** Every issue, an index without scans called unused whatever its age (the monitor's view). */
    static List<IndexIssue> find(Connection c) throws SQLException {
        return find(c, Duration.ZERO).issues();
    }

    static Found find(Connection c, Duration minAge) throws SQLException {
        IndexCatalog catalog = new IndexCatalog(c);
        List<IndexIssue> out = new ArrayList<>();
        List<String> heldBack = new ArrayList<>();
        double statsAge = statisticsAgeSeconds(c);
        double min = minAge.toMillis() / 1000.0;
        String rule = minAge.isZero() ? "an index without scans since the statistics reset is called unused"
                : "an index without scans is called unused when it and the statistics (counting for " + ShortDuration.text(Duration.ofSeconds((long) statsAge))
                  + ") are at least " + ShortDuration.text(minAge) + " old; never when it backs a constraint";
        for (String table : userTables(c)) {
            List<ExistingIndex> indexes = catalog.indexes(table);
            Set<String> constraints = constraintIndexes(c, table);
            for (ExistingIndex i : indexes) {
                if (i.unique() || i.primary() || constraints.contains(i.name())) continue;
                ExistingIndex wider = null;
                String reason = null;
                for (ExistingIndex o : indexes) {
                    if (o == i || !same(i.where(), o.where())) continue;
                    if (o.columns().equals(i.columns()) && o.include().equals(i.include())) {
                        if (o.unique() || o.name().compareTo(i.name()) < 0) {
                            reason = "duplicate";
                            wider = o;
                            break;
                        }
                    } else if (wider == null && o.columns().size() > i.columns().size()
                            && o.columns().subList(0, i.columns().size()).equals(i.columns())) {
                        reason = "prefix";
                        wider = o;
                    }
                }
                if (reason == null && i.scans() == 0) {
                    if (min > 0 && statsAge < min) {
                        heldBack.add(i.name() + ": no scans, but the statistics have only counted for "
                                + ShortDuration.text(Duration.ofSeconds((long) statsAge)) + " (needs " + ShortDuration.text(minAge) + ")");
                        continue;
                    }
                    Double age = min > 0 ? indexAgeSeconds(c, table, i.name()) : null;
                    if (min > 0 && (age == null || age < min)) {
                        heldBack.add(i.name() + ": no scans, but " + (age == null ? "its age is unknown (needs track_commit_timestamp, or"
                                + " pg_stat_file as superuser or pg_read_server_files)" : "it is only known to be "
                                + ShortDuration.text(Duration.ofSeconds((long) Math.floor(age))) + " old") + " (needs " + ShortDuration.text(minAge) + ")");
                        continue;
                    }
                    reason = "unused";
                }
                if (reason != null) {
                    out.add(new IndexIssue(i.name(), table, reason, wider == null ? null : wider.name(), i.sizeBytes(), i.scans(),
                            "DROP INDEX CONCURRENTLY " + qualified(table, i.name())));
                }
            }
        }
        return new Found(out, heldBack, rule);
    }

    /** How long the statistics views have been counting: since the later of the last reset and the server's start. */
    static double statisticsAgeSeconds(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT extract(epoch FROM now() - greatest(pg_postmaster_start_time(),"
                + " (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database())))");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    /** Names of the indexes that back a primary key, unique or exclusion constraint of the table. */
    private static Set<String> constraintIndexes(Connection c, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT i.relname FROM pg_constraint k JOIN pg_class i ON i.oid = k.conindid"
                + " WHERE k.conrelid = to_regclass(?) AND k.contype IN ('p', 'u', 'x')")) {
            ps.setString(1, Catalog.regclass(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * A lower bound on the index's age in seconds: its commit timestamp when the server keeps them,
     * else the last modification of its file (it was created no later); null when neither is readable.
     */
    private static Double indexAgeSeconds(Connection c, String table, String index) throws SQLException {
        String regclass = qualified(table, index);
        Double age = null;
        for (String sql : List.of(
                "SELECT extract(epoch FROM now() - pg_xact_commit_timestamp(xmin)) FROM pg_class WHERE oid = to_regclass(?)"
                        + " AND current_setting('track_commit_timestamp') = 'on'",
                "SELECT extract(epoch FROM now() - (pg_stat_file(pg_relation_filepath(to_regclass(?)))).modification)")) {
            Savepoint sp = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, regclass);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) age = Math.max(age == null ? 0 : age, rs.getDouble(1));
                }
                c.releaseSavepoint(sp);
            } catch (SQLException e) {
                if (RolledBack.isTimeout(e)) throw e;
                c.rollback(sp); // not allowed for this role: no evidence from this source
            }
        }
        return age;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static String qualified(String table, String index) {
        int dot = table.indexOf('.');
        return dot < 0 ? Identifiers.quote(index) : Identifiers.quote(table.substring(0, dot)) + "." + Identifiers.quote(index);
    }

    /** Ordinary and partitioned tables outside the system schemas and DataFlow's own, named as QueryShape names them. */
    private static List<String> userTables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'dataflow') AND n.nspname NOT LIKE 'pg_toast%'
                 ORDER BY 1, 2""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1).equals("public") ? rs.getString(2) : rs.getString(1) + "." + rs.getString(2));
        }
        return out;
    }
}
