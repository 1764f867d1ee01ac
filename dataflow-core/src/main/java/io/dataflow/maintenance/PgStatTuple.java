package io.dataflow.maintenance;

import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The pgstattuple extension: whether it can be used here, creating it when allowed. Checked live
 * (not from Capabilities, which is read once at open and would miss an extension created since).
 *
 * @param status installed, created, or unavailable with the reason
 * @param schema the schema its functions live in, null when unavailable
 */
record PgStatTuple(String status, String schema) {

    static final String NAME = "pgstattuple";

    boolean usable() {
        return schema != null;
    }

    /** The function, schema-qualified (the extension may live outside the search_path). */
    String function(String name) {
        return Identifiers.quote(schema) + "." + name;
    }

    static PgStatTuple unavailable(String why) {
        return new PgStatTuple("unavailable: " + why, null);
    }

    /** Finds the extension, or creates it (autocommit connection); never throws for a refusal. */
    static PgStatTuple ensure(Connection c) throws SQLException {
        String schema = installedSchema(c);
        String status = "installed";
        if (schema == null) {
            if (!available(c)) return unavailable("the server does not ship it (the contrib package is not installed)");
            try (Statement st = c.createStatement()) {
                st.execute("CREATE EXTENSION IF NOT EXISTS " + NAME);
            } catch (SQLException e) {
                return unavailable("CREATE EXTENSION was refused (" + e.getMessage().strip() + ")");
            }
            schema = installedSchema(c);
            status = "created";
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT has_function_privilege(? || '.pgstattuple(regclass)', 'EXECUTE')"
                + " AND has_function_privilege(? || '.pgstatindex(regclass)', 'EXECUTE')")) {
            ps.setString(1, Identifiers.quote(schema));
            ps.setString(2, Identifiers.quote(schema));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) return unavailable("installed, but this role may not execute its functions"
                        + " (grant it pg_stat_scan_tables)");
            }
        }
        return new PgStatTuple(status, schema);
    }

    private static String installedSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT n.nspname FROM pg_extension e"
                + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = '" + NAME + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static boolean available(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = '" + NAME + "'")) {
            return rs.next();
        }
    }
}
