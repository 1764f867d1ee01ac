package io.dataflow.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;

/** A statement that can be planned again and again (by what-if sessions): with bound values, or as a generic plan. */
public sealed interface Explainable {

    /** The statement's SQL as the user or pg_stat_statements wrote it. */
    String sql();

    /** EXPLAIN ({@code options}) of the statement; returns the JSON. */
    String explain(Connection c, String options) throws SQLException;

    /** With parameter values bound as JDBC parameters. */
    record Bound(String sql, BoundParameters params) implements Explainable {
        @Override
        public String explain(Connection c, String options) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (" + options + ") " + params.sql())) {
                params.apply(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        }
    }

    /**
     * A normalized statement with {@code $1..$n} and no values (pg_stat_statements): planned as the
     * generic plan, by PREPARE and EXPLAIN EXECUTE with NULLs under plan_cache_mode =
     * force_generic_plan. (EXPLAIN (GENERIC_PLAN) of PostgreSQL 16+ is not used: through the JDBC
     * driver's extended protocol its unbound {@code $n} are refused; PREPARE works on every version.)
     */
    record Generic(String sql, int parameters) implements Explainable {
        private static final java.util.concurrent.atomic.AtomicLong NEXT = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public String explain(Connection c, String options) throws SQLException {
            try (Statement st = c.createStatement()) {
                String name = "dataflow_generic_" + NEXT.incrementAndGet();
                java.sql.Savepoint before = c.setSavepoint();
                boolean prepared = false;
                try {
                    st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                    st.execute("PREPARE " + name + " AS " + sql);
                    prepared = true;
                    String nulls = String.join(", ", Collections.nCopies(parameters, "NULL"));
                    String json = single(st, "EXPLAIN (" + options + ") EXECUTE " + name + (parameters == 0 ? "" : "(" + nulls + ")"));
                    c.releaseSavepoint(before);
                    return json;
                } catch (SQLException e) {
                    c.rollback(before);
                    c.releaseSavepoint(before);
                    throw e;
                } finally {
                    if (prepared) st.execute("DEALLOCATE " + name); // prepared statements outlive transactions: never leave one behind
                }
            }
        }

        private static String single(Statement st, String sql) throws SQLException {
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
