package io.dataflow.state;

import io.dataflow.DataFlowException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * DataFlow's own state (jobs, histories, watermarks, manifests) lives in a {@code dataflow} schema
 * in the user's database, created on first use and versioned: each migration in
 * {@code io/dataflow/state/migrations.txt} runs once, in order, in its own transaction, under an
 * advisory lock so concurrent first uses do not race. A capability adds its tables by adding a
 * migration file and a line to that index.
 */
public final class StateSchema {

    public static final String SCHEMA = "dataflow";
    private static final long LOCK_KEY = 0x44466d6967726174L; // "DFmigrat"
    private static final String INDEX = "/io/dataflow/state/migrations.txt";

    private final DataSource dataSource;
    private volatile boolean ready;

    public StateSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates or upgrades the schema; cheap after the first call. */
    public void ensure() {
        if (ready) return;
        synchronized (this) {
            if (ready) return;
            try (Connection c = dataSource.getConnection()) {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    migrate(c);
                } finally {
                    c.setAutoCommit(autoCommit);
                }
            } catch (SQLException e) {
                throw new DataFlowException("cannot create DataFlow's state schema '" + SCHEMA + "': " + e.getMessage(), e);
            }
            ready = true;
        }
    }

    private void migrate(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            st.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
        }
        c.commit();
        for (String name : migrations()) {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                if (applied(c).contains(name)) {
                    c.commit();
                    continue;
                }
                st.execute(resource("/io/dataflow/state/" + name));
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + SCHEMA + ".migrations (name) VALUES (?)")) {
                    ps.setString(1, name);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Set<String> applied(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM " + SCHEMA + ".migrations")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static List<String> migrations() {
        List<String> out = new ArrayList<>();
        for (String line : resource(INDEX).split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) out.add(name);
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = StateSchema.class.getResourceAsStream(name)) {
            if (in == null) throw new DataFlowException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFlowException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
