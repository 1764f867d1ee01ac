package io.dataflow.spring;

import io.dataflow.connect.EmbeddedServers;
import io.dataflow.spi.EmbeddedDatabase;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A real PostgreSQL for the tests: the embedded one (throw-away, one per test JVM), a fresh database per caller. */
final class TestDatabases {

    private static EmbeddedDatabase server;

    private TestDatabases() {
    }

    /** Creates an empty database and returns its JDBC URL (user in {@link #user()}). */
    static synchronized String fresh() {
        if (server == null) {
            server = EmbeddedServers.start(EmbeddedSettings.throwAway());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        String db = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        exec(server.jdbcUrl("postgres"), "CREATE DATABASE " + db);
        return server.jdbcUrl(db);
    }

    static String user() {
        return server.user();
    }

    static void exec(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, server.user(), null); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static long count(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, server.user(), null); Statement st = c.createStatement();
             var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
