package io.dataflow.maintenance;

import io.dataflow.config.ConfigException;
import io.dataflow.dialect.Capabilities;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks the server itself whether it accepts each table's parameters, before any real table is
 * touched: the same {@code ALTER TABLE ... SET} runs on a throw-away TEMP table inside a savepoint
 * that is rolled back. Catches what a static table cannot (a server built with another block size,
 * a version we do not know yet).
 */
final class ReloptionCheck {

    private static final Pattern QUOTED = Pattern.compile("\"([A-Za-z_.]+)\"");
    private static final String PROBE = "dataflow_reloptions_probe";

    private ReloptionCheck() {
    }

    /** Refuses a parameter this server's version does not have yet, with the version it needs. */
    static void checkVersions(List<TableSettings> tables, Capabilities server, String where) {
        for (TableSettings t : tables) {
            for (String name : t.parameters().keySet()) {
                StorageParameter p = StorageParameters.find(name).orElseThrow();
                if (!p.supportedBy(server.serverVersionNumber())) {
                    throw new ConfigException(where, t.key() + "." + name, name + " needs PostgreSQL " + (p.sinceVersion() / 10000)
                            + " or later; this server is " + server.serverVersion());
                }
            }
        }
    }

    /**
     * Runs the probe in the caller's transaction; returns a warning instead when the TEMP table
     * cannot be created (no TEMP privilege), leaving the static checks as the only ones.
     */
    static String probe(Connection c, List<TableSettings> tables, String where) throws SQLException {
        Savepoint outer = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            try {
                st.execute("CREATE TEMP TABLE " + PROBE + " (id int, body text)");
            } catch (SQLException e) {
                c.rollback(outer);
                return "the server could not double-check the parameters (" + e.getMessage().strip() + "); the built-in table of"
                        + " PostgreSQL's storage parameters was used alone";
            }
            for (TableSettings t : tables) {
                if (t.parameters().isEmpty()) continue;
                Savepoint one = c.setSavepoint();
                try {
                    st.execute("ALTER TABLE pg_temp." + PROBE + " SET (" + VacuumStrategy.assignments(t.parameters()) + ")");
                } catch (SQLException e) {
                    c.rollback(one);
                    throw refusal(t, e, where);
                }
                c.rollback(one);
            }
        } finally {
            c.rollback(outer); // drops the probe table
        }
        return null;
    }

    private static ConfigException refusal(TableSettings t, SQLException e, String where) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        String key = t.key();
        Matcher m = QUOTED.matcher(message);
        if (m.find()) {
            String name = m.group(1);
            Map<String, String> p = t.parameters();
            if (p.containsKey(name)) key += "." + name;
            else if (p.containsKey(StorageParameters.TOAST_PREFIX + name)) key += "." + StorageParameters.TOAST_PREFIX + name;
        }
        return new ConfigException(where, key, "the server refused it: " + message.replace("\n", " "));
    }
}
