package io.dataflow.embedded;

import io.dataflow.spi.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Tiny JDBC helpers for the tests. */
final class Sql {

    private Sql() {
    }

    static Connection connect(EmbeddedDatabase db) throws SQLException {
        return connect(db.jdbcUrl("postgres"), db.user());
    }

    static Connection connect(String url, String user) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, props);
    }

    static String queryString(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void execute(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
