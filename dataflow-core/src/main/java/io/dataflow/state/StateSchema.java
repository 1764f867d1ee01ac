package io.dataflow.state;

import io.dataflow.DataFlowException;
import io.dataflow.sql.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * DataFlow's own state (jobs, histories, watermarks, manifests) lives in a schema of the user's
 * database ({@code dataflow} unless configured). Nothing is created up front: a feature that keeps
 * state calls {@link #ensure(StateFeature)} before its first write, which creates the schema and only
 * that feature's tables. Read-only features never call it; they ask {@link #installed(StateFeature)}
 * and read nothing when the answer is no.
 *
 * <p>Each migration in {@code io/dataflow/state/migrations.txt} belongs to one feature and runs
 * once, in order, in its own transaction, under an advisory lock so concurrent first uses do not
 * race. The migrations and DataFlow's SQL name the schema {@code dataflow.}; {@link #sql(String)}
 * puts the configured name there. Thread-safe.
 */
public final class StateSchema {

    /** The default schema name. */
    public static final String SCHEMA = "dataflow";
    private static final long LOCK_KEY = 0x44466d6967726174L; // "DFmigrat"
    private static final String INDEX = "/io/dataflow/state/migrations.txt";
    // "dataflow." where a schema-qualified name starts: not inside a longer identifier such as io.dataflow.x
    private static final Pattern QUALIFIER = Pattern.compile("(?<![\\w.$])dataflow\\.(?=[a-z_])");

    private final DataSource dataSource;
    private final String name;
    private final String qualifier;
    private final Set<StateFeature> ready = EnumSet.noneOf(StateFeature.class);

    public StateSchema(DataSource dataSource) {
        this(dataSource, SCHEMA);
    }

    public StateSchema(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = Identifiers.require(name, "DataFlow", "state_schema");
        this.qualifier = name.equals(SCHEMA) ? SCHEMA + "." : Identifiers.quote(name) + ".";
    }

    /** The schema's name. */
    public String name() {
        return name;
    }

    /** {@code table} qualified with this schema, quoted when needed. */
    public String table(String table) {
        return qualifier + table;
    }

    /** DataFlow's state SQL (written with {@code dataflow.}) for this schema's name. */
    public String sql(String text) {
        return name.equals(SCHEMA) ? text : QUALIFIER.matcher(text).replaceAll(Matcher.quoteReplacement(qualifier));
    }

    /** A statement of DataFlow's state SQL on {@code c}, for this schema's name. */
    public PreparedStatement prepare(Connection c, String text) throws SQLException {
        return c.prepareStatement(sql(text));
    }

    /** Creates the schema and the tables of {@code feature} if missing; cheap after the first call. */
    public void ensure(StateFeature feature) {
        synchronized (ready) {
            if (ready.contains(feature)) return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                migrate(c, feature);
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DataFlowException("cannot create the tables of " + feature.label() + " in DataFlow's state schema '" + name
                    + "': " + e.getMessage() + " (grant CREATE on the database or the schema, or set another schema with stateSchema(...))", e);
        }
        synchronized (ready) {
            ready.add(feature);
        }
    }

    /** Whether {@code feature}'s tables exist (all its migrations applied); reads the catalog only. */
    public boolean installed(StateFeature feature) {
        synchronized (ready) {
            if (ready.contains(feature)) return true;
        }
        try (Connection c = dataSource.getConnection()) {
            if (!migrationsTableExists(c)) return false;
            boolean all = applied(c).containsAll(migrations(feature));
            if (all) {
                synchronized (ready) {
                    ready.add(feature);
                }
            }
            return all;
        } catch (SQLException e) {
            return false; // not readable by this role: as good as absent for a reader
        }
    }

    private boolean schemaExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regnamespace(?) IS NOT NULL")) {
            ps.setString(1, Identifiers.quote(name));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private boolean migrationsTableExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table("migrations"));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void migrate(Connection c, StateFeature feature) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            if (!schemaExists(c)) st.execute("CREATE SCHEMA " + Identifiers.quote(name)); // a schema a DBA made needs no CREATE on the database
            st.execute("CREATE TABLE IF NOT EXISTS " + table("migrations") + " (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        for (String migration : migrations(feature)) {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                if (applied(c).contains(migration)) {
                    c.commit();
                    continue;
                }
                st.execute(sql(resource("/io/dataflow/state/" + migration)));
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table("migrations") + " (name) VALUES (?)")) {
                    ps.setString(1, migration);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Set<String> applied(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM " + table("migrations"))) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** The migrations of one feature, in order; lines of the index are {@code feature file}. */
    static List<String> migrations(StateFeature feature) {
        List<String> out = new ArrayList<>();
        for (String line : resource(INDEX).split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) continue;
            String[] parts = entry.split("\\s+");
            if (parts.length != 2) throw new DataFlowException("bad line in " + INDEX + ": '" + entry + "' (expected: feature file)");
            if (StateFeature.byKey(parts[0]) == feature) out.add(parts[1]);
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
