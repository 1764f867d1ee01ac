package io.dataflow.mview;

import io.dataflow.state.StateSchema;
import static io.dataflow.sql.Identifiers.compose;
import static io.dataflow.sql.Identifiers.literal;
import static io.dataflow.sql.Identifiers.quote;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Change capture on an incremental view's base table. A statement trigger with a transition table
 * writes each INSERT's new rows into {@code dataflow.<name>_delta}, in the inserting transaction: a
 * row becomes visible to a refresh exactly when its base row does, whatever its created_at says —
 * so late rows are never missed. When the query allows it ({@link IncrementalSpec#preAggregated()})
 * the trigger stores the statement's partial aggregates (one row per group it touched) instead of
 * the rows themselves: a 10,000-row INSERT into 500 groups leaves 500 delta rows, and the refresh
 * combines those. UPDATE, DELETE and TRUNCATE leave a row in {@code dataflow.mview_invalidations},
 * which makes the next refresh rebuild.
 */
final class CaptureTriggers {

    private CaptureTriggers() {
    }

    static String delta(StateSchema s, String view) {
        return s.table(quote(IncrementalSpec.deltaTable(view)));
    }

    static void create(StateSchema s, Connection c, IncrementalSpec spec) throws SQLException {
        String name = spec.name();
        String base = spec.baseRelation();
        String capture = s.table(quote(compose(name, "capture")));
        String invalidate = s.table(quote(compose(name, "invalidate")));
        try (Statement st = c.createStatement()) {
            if (spec.preAggregated()) {
                SummaryQueries q = new SummaryQueries(spec);
                st.execute("CREATE TABLE " + delta(s, name) + " AS " + q.capture(null) + " WITH NO DATA");
                // Group keys such as DATE(created_at) depend on TimeZone: the trigger computes them as
                // this (DataFlow's) session does the fill and rebuilds, whatever the inserting session's setting.
                st.execute("CREATE FUNCTION " + capture + "() RETURNS trigger LANGUAGE plpgsql SET TimeZone = "
                        + literal(timeZone(s, c)) + " AS " + literal("BEGIN INSERT INTO " + delta(s, name) + " " + q.capture("df_new_rows")
                        + "; RETURN NULL; END"));
            } else {
                st.execute("CREATE TABLE " + delta(s, name) + " (LIKE " + base + ")");
                st.execute("CREATE FUNCTION " + capture + "() RETURNS trigger LANGUAGE plpgsql AS "
                        + literal("BEGIN INSERT INTO " + delta(s, name) + " SELECT * FROM df_new_rows; RETURN NULL; END"));
            }
            st.execute("CREATE FUNCTION " + invalidate + "() RETURNS trigger LANGUAGE plpgsql AS " + literal(s.sql(
                    "BEGIN IF TG_OP = 'TRUNCATE' THEN INSERT INTO dataflow.mview_invalidations (view_name, operation) VALUES (" + literal(name) + ", TG_OP);"
                    + " ELSIF EXISTS (SELECT 1 FROM df_old_rows) THEN INSERT INTO dataflow.mview_invalidations (view_name, operation) VALUES ("
                    + literal(name) + ", TG_OP); END IF; RETURN NULL; END")));
            // the lock CREATE TRIGGER takes waits for running writers and holds new ones until commit: no row slips past
            st.execute("CREATE TRIGGER " + quote(compose("df", name, "ins")) + " AFTER INSERT ON " + base
                    + " REFERENCING NEW TABLE AS df_new_rows FOR EACH STATEMENT EXECUTE FUNCTION " + capture + "()");
            st.execute("CREATE TRIGGER " + quote(compose("df", name, "upd")) + " AFTER UPDATE ON " + base
                    + " REFERENCING OLD TABLE AS df_old_rows FOR EACH STATEMENT EXECUTE FUNCTION " + invalidate + "()");
            st.execute("CREATE TRIGGER " + quote(compose("df", name, "del")) + " AFTER DELETE ON " + base
                    + " REFERENCING OLD TABLE AS df_old_rows FOR EACH STATEMENT EXECUTE FUNCTION " + invalidate + "()");
            st.execute("CREATE TRIGGER " + quote(compose("df", name, "trunc")) + " AFTER TRUNCATE ON " + base
                    + " FOR EACH STATEMENT EXECUTE FUNCTION " + invalidate + "()");
        }
    }

    /** Base rows captured and not yet merged. */
    static long pending(StateSchema s, Connection c, IncrementalSpec spec) throws SQLException {
        String sql = spec.preAggregated() ? "SELECT coalesce(sum(" + SummaryQueries.CAPTURED_ROWS + "), 0) FROM " + delta(s, spec.name())
                : "SELECT count(*) FROM " + delta(s, spec.name());
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String timeZone(StateSchema s, Connection c) throws SQLException {
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT current_setting('TimeZone')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Drops the triggers, functions and delta table (CASCADE on the functions takes the triggers). */
    static void drop(StateSchema s, Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP FUNCTION IF EXISTS " + s.table(quote(compose(name, "capture"))) + "() CASCADE");
            st.execute("DROP FUNCTION IF EXISTS " + s.table(quote(compose(name, "invalidate"))) + "() CASCADE");
            st.execute("DROP TABLE IF EXISTS " + delta(s, name));
            st.execute(s.sql("DELETE FROM dataflow.mview_invalidations WHERE view_name = " + literal(name)));
        }
    }
}
