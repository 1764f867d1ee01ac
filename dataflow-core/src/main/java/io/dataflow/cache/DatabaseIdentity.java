package io.dataflow.cache;

import io.dataflow.DataFlowException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Which database a cached result came from. Every cache key (entries, generation counters, their
 * indexes and write marks, the invalidation channel) carries it, so two databases sharing one Redis
 * and one namespace never see each other's rows or invalidations.
 *
 * @param server     {@code system_identifier} from {@code pg_control_system()} (unique per cluster, the
 *                   same on its physical replicas), or {@code host:port} from the connection URL when that
 *                   function may not be read
 * @param database   {@code current_database()}
 * @param role       {@code current_user}: privileges and row-level security decide which rows a query returns
 * @param searchPath {@code current_schemas(false)}: the schemas an unqualified table name resolves in
 */
public record DatabaseIdentity(String server, String database, String role, String searchPath) {

    public DatabaseIdentity {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(searchPath, "searchPath");
    }

    /** Reads the identity of the database a pool's connections reach. */
    public static DatabaseIdentity read(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return read(c);
        } catch (SQLException e) {
            throw new DataFlowException("cannot read which database the cache serves (for its keys): " + e.getMessage(), e);
        }
    }

    static DatabaseIdentity read(Connection c) throws SQLException {
        String database;
        String role;
        String searchPath;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_database(), current_user, array_to_string(current_schemas(false), ',')")) {
            rs.next();
            database = rs.getString(1);
            role = rs.getString(2);
            searchPath = Objects.requireNonNullElse(rs.getString(3), "");
        }
        return new DatabaseIdentity(server(c), database, role, searchPath);
    }

    /** The cluster's system identifier when readable (superuser, or EXECUTE granted), else host and port. */
    private static String server(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            if (rs.next() && rs.getString(1) != null) return "system_identifier:" + rs.getString(1);
        } catch (SQLException refused) {
            if (!c.getAutoCommit()) c.rollback(); // the failed statement aborted the transaction it ran in
        }
        return "address:" + address(c.getMetaData().getURL());
    }

    /** {@code host:port} of a {@code jdbc:postgresql://host:port/db?...} URL (the port defaults to 5432). */
    static String address(String jdbcUrl) {
        String rest = jdbcUrl.replaceFirst("^jdbc:[a-z]+:", "");
        if (!rest.startsWith("//")) return "localhost:5432"; // jdbc:postgresql:database
        rest = rest.substring(2);
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int i = rest.indexOf(stop);
            if (i >= 0) end = Math.min(end, i);
        }
        String hosts = rest.substring(0, end);
        if (hosts.isEmpty()) hosts = "localhost";
        return hosts.matches(".*:\\d+$") ? hosts : hosts + ":5432";
    }

    /**
     * The part of every key that names this database: its name (readable in {@code redis-cli}) and a hash
     * of the whole identity, e.g. {@code shop-3f9a1c0b2d4e}. Never contains braces (Cluster hash tags) or spaces.
     */
    public String scope() {
        String name = database.replaceAll("[^A-Za-z0-9_.-]+", "_");
        if (name.length() > 32) name = name.substring(0, 32);
        return name + "-" + hash(server + '\u0000' + database + '\u0000' + role + '\u0000' + searchPath).substring(0, 12);
    }

    @Override
    public String toString() {
        return "database " + database + " on " + server + " as " + role + " (search_path " + searchPath + ")";
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
