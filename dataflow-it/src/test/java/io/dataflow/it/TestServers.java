package io.dataflow.it;

import io.dataflow.connect.ConnectionUrl;
import io.dataflow.connect.EmbeddedServers;
import io.dataflow.spi.EmbeddedDatabase;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The real PostgreSQL servers tests run against: always the embedded one (a throw-away cluster
 * started once per test JVM), and also the server at DATAFLOW_TEST_URL when that is set. Each test
 * class gets a fresh database of its own on each server.
 */
public final class TestServers {

    private static EmbeddedDatabase embedded;

    private TestServers() {
    }

    /** A server a test can create databases on. */
    public record Server(String name, String adminJdbcUrl, String user, String password) {
        @Override
        public String toString() {
            return name;
        }

        /** Creates an empty database and returns it. */
        public TestDatabase freshDatabase() {
            String db = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            exec("CREATE DATABASE " + db);
            String base = adminJdbcUrl.substring(0, adminJdbcUrl.lastIndexOf('/') + 1);
            String query = adminJdbcUrl.contains("?") ? adminJdbcUrl.substring(adminJdbcUrl.indexOf('?')) : "";
            String dbPath = base.substring(0, base.length()) + db;
            return new TestDatabase(this, db, dbPath + query);
        }

        /** A new database copied from {@code template} (which must have no open connections): a loaded fixture reused by many tests. */
        public TestDatabase copyOf(TestDatabase template) {
            String db = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            exec("CREATE DATABASE " + db + " TEMPLATE " + template.name());
            String url = template.jdbcUrl().replaceFirst("/" + template.name() + "(\\?|$)", "/" + db + "$1");
            return new TestDatabase(this, db, url);
        }

        void exec(String sql) {
            try (Connection c = DriverManager.getConnection(adminJdbcUrl, user, password); Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }
    }

    /** Every server the suite runs against. */
    public static List<Server> servers() {
        List<Server> out = new ArrayList<>();
        out.add(embedded());
        String external = System.getenv("DATAFLOW_TEST_URL");
        if (external != null && !external.isBlank()) {
            ConnectionUrl url = ConnectionUrl.parse(external);
            String jdbc = url.jdbcUrl();
            out.add(new Server("external " + ConnectionUrl.redact(external), jdbc, url.user(), url.password()));
        }
        return out;
    }

    public static synchronized Server embedded() {
        if (embedded == null) {
            embedded = EmbeddedServers.start(EmbeddedSettings.throwAway());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> embedded.close()));
        }
        return new Server("embedded PostgreSQL " + embedded.serverVersion(), embedded.jdbcUrl("postgres"), embedded.user(), null);
    }
}
