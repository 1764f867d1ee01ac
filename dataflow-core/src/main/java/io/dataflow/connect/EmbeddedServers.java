package io.dataflow.connect;

import io.dataflow.DataFlowException;
import io.dataflow.spi.EmbeddedDatabase;
import io.dataflow.spi.EmbeddedDatabaseProvider;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the embedded PostgreSQL provider and prepares its database for DataFlow. */
public final class EmbeddedServers {

    /** The database DataFlow uses on its embedded server. */
    public static final String DATABASE = "dataflow";

    /** Extensions created on the embedded server, which ships them: statement statistics and bloat measurement. */
    static final List<String> EXTENSIONS = List.of("pg_stat_statements", "pgstattuple");

    private EmbeddedServers() {
    }

    public static EmbeddedDatabase start(EmbeddedSettings settings) {
        return start(settings, DATABASE);
    }

    /** Starts the server and makes sure {@code database} exists with DataFlow's extensions. */
    public static EmbeddedDatabase start(EmbeddedSettings settings, String database) {
        EmbeddedDatabaseProvider provider = ServiceLoader.load(EmbeddedDatabaseProvider.class).findFirst().orElseThrow(() ->
                new DataFlowException("No database given and no embedded PostgreSQL available: pass a URL"
                        + " (postgresql://user:pass@host:port/db), set DATABASE_URL, or add the dependency io.dataflow:dataflow-embedded"));
        EmbeddedDatabase server = provider.start(settings);
        try {
            prepare(server, database);
        } catch (SQLException e) {
            server.close();
            throw new DataFlowException("the embedded PostgreSQL started but could not be prepared: " + e.getMessage(), e);
        }
        return server;
    }

    private static void prepare(EmbeddedDatabase server, String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "")) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE " + io.dataflow.sql.Identifiers.quote(database));
                } catch (SQLException e) {
                    if (!"42P04".equals(e.getSQLState())) throw e; // created concurrently by another process
                }
            }
        }
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(database), server.user(), ""); Statement st = c.createStatement()) {
            for (String ext : EXTENSIONS) st.execute("CREATE EXTENSION IF NOT EXISTS " + ext);
        }
    }
}
