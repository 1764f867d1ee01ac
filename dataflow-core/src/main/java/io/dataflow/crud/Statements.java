package io.dataflow.crud;

import static io.dataflow.sql.Identifiers.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Running one parameterised statement, and the few SQL text pieces every operation shares. */
final class Statements {

    /** PostgreSQL's wire protocol counts bind parameters in 16 bits. */
    static final int MAX_PARAMS = 65_535;

    private Statements() {
    }

    static List<Map<String, Object>> query(Connection c, String sql, List<?> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Binder.bindAll(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return RowReader.all(rs);
            }
        }
    }

    static int update(Connection c, String sql, List<?> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Binder.bindAll(ps, params);
            return ps.executeUpdate();
        }
    }

    static String columnList(Collection<String> columns) {
        return columns.stream().map(n -> quote(n)).collect(Collectors.joining(", "));
    }

    /** {@code "a" = ?, "b" = ?} */
    static String assignments(Collection<String> columns) {
        return columns.stream().map(n -> quote(n) + " = ?").collect(Collectors.joining(", "));
    }

    static String placeholders(int n) {
        return "(" + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
    }
}
