package io.dataflow.it;

import io.dataflow.DataFlow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** One throw-away database on a test server; dropped on close. */
public final class TestDatabase implements AutoCloseable {

    private final TestServers.Server server;
    private final String name;
    private final String jdbcUrl;

    TestDatabase(TestServers.Server server, String name, String jdbcUrl) {
        this.server = server;
        this.name = name;
        this.jdbcUrl = jdbcUrl;
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** A JDBC URL with the credentials in it, as {@code DataFlow.open(url)} takes it. */
    public String url() {
        StringBuilder sb = new StringBuilder(jdbcUrl).append(jdbcUrl.contains("?") ? '&' : '?');
        if (server.user() != null) sb.append("user=").append(server.user());
        if (server.password() != null) sb.append("&password=").append(server.password());
        return sb.toString();
    }

    public DataFlow open() {
        return DataFlow.configure().url(url()).pool(1, 3, 10).open();
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, server.user(), server.password());
    }

    /** The first column of every row of a query, as text. */
    public List<String> column(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public String value(String sql) {
        List<String> rows = column(sql);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public void execute(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Every relation, column and index definition in the public schema: to prove nothing changed. */
    public List<String> catalogFingerprint() {
        return column("""
                SELECT c.relkind::text || ' ' || c.relname || coalesce(' ' || pg_get_indexdef(c.oid), '')
                       || coalesce(' ' || (SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum)
                                             FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' ORDER BY 1""");
    }

    @Override
    public void close() {
        server.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
