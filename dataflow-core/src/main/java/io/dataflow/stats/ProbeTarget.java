package io.dataflow.stats;

import static io.dataflow.sql.Identifiers.literal;
import static io.dataflow.sql.Identifiers.quote;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQL a probe runs on one table: EXPLAIN estimates and true counts for equality predicates.
 * Values are real rows' values, written as quoted literals (the planner only uses constants it can
 * see; bound parameters would give generic estimates) and coerced to the column's type by PostgreSQL.
 *
 * @param schema the table's schema
 * @param table  the table
 */
record ProbeTarget(String schema, String table) {

    String qualifiedTable() {
        return qualified(table);
    }

    String qualified(String name) {
        return quote(schema) + "." + quote(name);
    }

    String predicate(String column, String value) {
        return quote(column) + " = " + literal(value);
    }

    String pairPredicate(String a, String valueA, String b, String valueB) {
        return predicate(a, valueA) + " AND " + predicate(b, valueB);
    }

    double estimate(Connection c, String predicate) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON) SELECT 1 FROM " + qualifiedTable() + " WHERE " + predicate)) {
            rs.next();
            return PlanRows.of(rs.getString(1));
        }
    }

    long count(Connection c, String predicate) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + qualifiedTable() + " WHERE " + predicate)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
