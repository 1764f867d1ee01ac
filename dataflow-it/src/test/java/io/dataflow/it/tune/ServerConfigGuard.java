package io.dataflow.it.tune;

import io.dataflow.it.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts the embedded server's postgresql.auto.conf back exactly as it was, whatever a test (or a
 * bug in the revert under test) left there. ALTER SYSTEM changes the whole server, so it is only
 * ever used on the embedded throw-away server, never on DATAFLOW_TEST_URL.
 */
final class ServerConfigGuard implements AutoCloseable {

    private final TestServers.Server server;
    private final Map<String, String> snapshot;

    private ServerConfigGuard(TestServers.Server server) {
        this.server = server;
        this.snapshot = autoConf(server);
    }

    /** Refuses any server but the embedded one. */
    static ServerConfigGuard on(TestServers.Server server) {
        if (!server.name().startsWith("embedded")) throw new IllegalStateException("ALTER SYSTEM only on the embedded test server, not " + server);
        return new ServerConfigGuard(server);
    }

    static Map<String, String> autoConf(TestServers.Server server) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = connect(server); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf' ORDER BY seqno")) {
            while (rs.next()) out.put(rs.getString(1), rs.getString(2));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Override
    public void close() {
        if (autoConf(server).equals(snapshot)) return;
        try (Connection c = connect(server); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM RESET ALL");
            for (Map.Entry<String, String> e : snapshot.entrySet()) {
                st.execute("ALTER SYSTEM SET \"" + e.getKey() + "\" = '" + e.getValue().replace("'", "''") + "'");
            }
            st.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not restore the embedded server's postgresql.auto.conf: " + e.getMessage(), e);
        }
    }

    private static Connection connect(TestServers.Server server) throws SQLException {
        return DriverManager.getConnection(server.adminJdbcUrl(), server.user(), server.password());
    }
}
