package io.dataflow.plan;

import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Column types of tables, read once per table from pg_attribute over one connection. */
final class Catalog {

    /** A column's type: {@code typname} (what the JDBC driver binds by) and the full SQL type. */
    record ColumnType(String typname, String sqlType) {
    }

    private final Connection connection;
    private final Map<String, Map<String, ColumnType>> columns = new HashMap<>();

    Catalog(Connection connection) {
        this.connection = connection;
    }

    /** {@code name} or {@code schema.name} as QueryShape writes it, quoted for regclass. */
    static String regclass(String table) {
        int dot = table.indexOf('.');
        return dot < 0 ? Identifiers.quote(table) : Identifiers.quote(table.substring(0, dot)) + "." + Identifiers.quote(table.substring(dot + 1));
    }

    Set<String> columnNames(String table) {
        return columns(table).keySet();
    }

    Map<String, ColumnType> columns(String table) {
        return columns.computeIfAbsent(table, this::load);
    }

    private Map<String, ColumnType> load(String table) {
        Map<String, ColumnType> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT a.attname, t.typname, format_type(a.atttypid, a.atttypmod)
                  FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                 WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""")) {
            ps.setString(1, regclass(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), new ColumnType(rs.getString(2), rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new PlanException("cannot read the columns of " + table + ": " + e.getMessage(), null, e);
        }
        return out;
    }
}
