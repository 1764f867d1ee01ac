package io.dataflow.stats;

import io.dataflow.config.ConfigException;
import io.dataflow.config.DidYouMean;
import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of the current schema with their columns' statistics targets, and the server's
 * default target: what configs are checked against before anything is changed.
 *
 * @param schema        current_schema()
 * @param defaultTarget default_statistics_target
 * @param tables        by name, in name order
 */
record SchemaTables(String schema, int defaultTarget, Map<String, Table> tables) {

    /**
     * One table.
     *
     * @param name    its name
     * @param columns its columns in attnum order
     */
    record Table(String name, List<Column> columns) {
        List<String> columnNames() {
            return columns.stream().map(Column::name).toList();
        }
    }

    /**
     * A column and its own target: null when it follows the default (PostgreSQL 17 stores NULL,
     * earlier versions -1; both read as null here), 0 when it keeps no statistics.
     */
    record Column(String name, Integer target) {
    }

    // attstattarget is int4 (-1 = default) before PostgreSQL 17 and a nullable int2 from 17 on.
    private static final String SQL = """
            SELECT c.relname, a.attname, NULLIF(a.attstattarget::int, -1)
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
             ORDER BY c.relname, a.attnum
            """;

    static SchemaTables read(Connection c) throws SQLException {
        String schema;
        int defaultTarget;
        try (PreparedStatement ps = c.prepareStatement("SELECT current_schema(), current_setting('default_statistics_target')::int");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            schema = rs.getString(1);
            defaultTarget = rs.getInt(2);
        }
        Map<String, List<Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SQL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<Column> list = columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                if (rs.getString(2) != null) list.add(new Column(rs.getString(2), (Integer) rs.getObject(3)));
            }
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        columns.forEach((name, cols) -> tables.put(name, new Table(name, List.copyOf(cols))));
        return new SchemaTables(schema, defaultTarget, tables);
    }

    /** The named table, or a ConfigException suggesting the nearest existing one. */
    Table require(String name, String where, String key) {
        Table t = tables.get(name);
        if (t == null) {
            throw new ConfigException(where, key, "there is no table '" + name + "' in schema " + schema
                    + DidYouMean.hint(name, tables.keySet())
                    + (tables.isEmpty() ? "; the schema has no tables" : "; tables: " + listed(tables.keySet())));
        }
        return t;
    }

    /** At most 20 names, so a large schema does not flood the message. */
    private static String listed(java.util.Collection<String> names) {
        String shown = String.join(", ", names.stream().limit(20).toList());
        return names.size() <= 20 ? shown : shown + ", ... (" + names.size() + " in all)";
    }

    /** The named tables (all of them when {@code names} is empty), each checked. */
    List<Table> require(List<String> names, String where, String key) {
        if (names.isEmpty()) return List.copyOf(tables.values());
        List<Table> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) out.add(require(names.get(i), where, key + "[" + i + "]"));
        return out;
    }

    /** {@code "schema"."table"}: statements never depend on the search path resolving to the right table. */
    String qualified(String table) {
        return Identifiers.quote(schema) + "." + Identifiers.quote(table);
    }

    /** What a column's target is in effect: its own, or the server default. */
    int effectiveTarget(Column column) {
        return column.target() == null ? defaultTarget : column.target();
    }
}
