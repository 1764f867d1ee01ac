package io.dataflow.tune;

import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * ALTER SYSTEM and what it wrote. ALTER SYSTEM takes no bind parameters and cannot run inside a
 * transaction block, so callers pass an autocommit connection, the name is one pg_settings
 * showed (quoted anyway) and the value has been validated against the server first.
 */
final class AlterSystem {

    private AlterSystem() {
    }

    static void set(Connection c, String name, String value) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET " + quoted(name) + " = " + Identifiers.literal(value));
        }
    }

    static void reset(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM RESET " + quoted(name));
        }
    }

    /** Asks the server to reload its configuration and waits (up to 10 s) until this session has; false if it has not yet. */
    static boolean reload(Connection c) throws SQLException {
        Timestamp before = loadTime(c);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_reload_conf()");
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (loadTime(c).after(before)) return true;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** The values ALTER SYSTEM has written (postgresql.auto.conf), last one per name; needs EXECUTE on pg_show_all_file_settings(). */
    static Map<String, String> autoConf(Connection c) throws SQLException {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER); // names are case-insensitive
        try (PreparedStatement ps = c.prepareStatement("SELECT name, setting FROM pg_catalog.pg_show_all_file_settings()"
                + " WHERE sourcefile LIKE ? ORDER BY seqno")) {
            ps.setString(1, "%postgresql.auto.conf");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    /** Whether this session may read postgresql.auto.conf through pg_show_all_file_settings(). */
    static boolean canReadAutoConf(Connection c) throws SQLException {
        return Privileges.function(c, "pg_catalog.pg_show_all_file_settings()");
    }

    private static Timestamp loadTime(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_conf_load_time()")) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    /** Custom settings have dotted names (pg_stat_statements.max): each part is an identifier. */
    private static String quoted(String name) {
        return Arrays.stream(name.split("\\.")).map(Identifiers::quote).collect(Collectors.joining("."));
    }
}
