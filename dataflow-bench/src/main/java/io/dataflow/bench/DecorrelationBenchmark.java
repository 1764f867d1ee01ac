package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.rewrite.Optimization;
import io.dataflow.rewrite.RewriteOptions;
import io.dataflow.rewrite.RewriteReport;
import io.dataflow.rewrite.VerifyOptions;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * The guide's correlated COUNT(*) > 10 and two COUNT-bug variants (< 5: LEFT JOIN with COALESCE; = 0:
 * NOT EXISTS) against their decorrelated
 * rewrites, on 100k users and 1M orders, with and without an index on orders.user_id. Both sides
 * run through {@code db.rewriter().optimize}: one read-only transaction, alternating runs, medians;
 * the original is stopped at the timeout and reported as "> timeout".
 */
public final class DecorrelationBenchmark {

    static final String[] QUERIES = {
            "SELECT * FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) > 10",
            "SELECT u.id, u.name FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) < 5",
            "SELECT u.id, u.name FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) = 0",
    };

    /** The correlated subquery once, for user 1: what the original pays per outer row (median of 3). */
    static double perRow(Connection c, String sql) throws Exception {
        String sub = "SELECT COUNT(*) FROM orders o WHERE o.user_id = 1"; // the subquery of every query here, for one user
        double[] t = new double[3];
        try (Statement st = c.createStatement()) {
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                st.executeQuery(sub).close();
                t[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        java.util.Arrays.sort(t);
        return t[1];
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** One table state the queries run in: schema, index on orders.user_id, and what it stands for. */
    private record State(String schema, boolean index, String label) {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int timeoutS = args.length > 2 ? Integer.parseInt(args[2]) : 240;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        try (DataFlow db = DataFlow.configure().environment(n -> null).embedded(EmbeddedSettings.throwAway()).open();
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            load(st, "public", users, orders, true);
            // The same rows as a bulk load before any VACUUM: no page is all-visible, so every index probe
            // also reads the heap (what a table with recent writes looks like between autovacuum runs).
            st.execute("CREATE SCHEMA fresh");
            load(st, "fresh", users, orders, false);
            System.out.printf(Locale.ROOT, "%d users, %d orders; timeout %d s, %d runs (median); load average at start: %s%n", users, orders,
                    timeoutS, runs, loadAverage());
            System.out.println("| index on orders.user_id | query | original (ms) | rewritten (ms) | speedup | cost before → after | equivalent |");
            System.out.println("|---|---|---|---|---|---|---|");
            State[] states = {
                    new State("public", true, "yes, all-visible"),
                    new State("fresh", true, "yes, not vacuumed"),
                    new State("public", false, "no"),
            };
            for (State state : states) {
                if (!state.index()) st.execute("DROP INDEX orders_user_id");
                for (String template : QUERIES) {
                    String sql = template.replace("FROM users", "FROM " + state.schema() + ".users").replace("FROM orders", "FROM " + state.schema() + ".orders");
                    RewriteReport r = db.rewriter().optimize(sql, RewriteOptions.defaults().optimization(Optimization.DECORRELATE)
                            .verifyOptions(VerifyOptions.defaults().timeout(Duration.ofSeconds(timeoutS)).runs(state.index() ? runs : 1)));
                    if (!state.index()) {
                        double one = perRow(c, sql);
                        System.out.printf(Locale.ROOT, "  (no index) one execution of the subquery: %.1f ms median, x %d users = ~%.1f h for the"
                                + " original%n", one, users, one * users / 3_600_000.0);
                    }
                    if (r.transformations().isEmpty()) throw new IllegalStateException("not rewritten: " + r.warnings());
                    if (Boolean.FALSE.equals(r.equivalent())) throw new IllegalStateException("not equivalent: " + r.firstDifference());
                    String before = r.timedOutBefore() ? "> " + timeoutS * 1000 + " (timeout)" : String.format(Locale.ROOT, "%.1f", r.timeBeforeMs());
                    String speedup = r.speedup() == null ? "-" : (r.timedOutBefore() ? "> " : "") + String.format(Locale.ROOT, "%.1fx", r.speedup());
                    System.out.printf(Locale.ROOT, "| %s | `%s` | %s | %.1f | %s | %.0f → %.0f | %s |%n", state.label(),
                            template.substring(template.indexOf("WHERE") + 6), before, r.timeAfterMs(), speedup, r.costBefore(), r.costAfter(),
                            r.equivalent() == null ? "not checked (timeout)" : r.equivalent() ? "yes" : "NO");
                    System.out.println("  load average now: " + loadAverage());
                }
            }
        }
    }

    /** users and orders in {@code schema} with the same rows each time; vacuumed until every page is all-visible, or never. */
    static void load(Statement st, String schema, int users, int orders, boolean vacuum) throws Exception {
        String with = vacuum ? "" : " WITH (autovacuum_enabled = false)";
        st.execute("CREATE TABLE " + schema + ".users (id int PRIMARY KEY, name text, email text, created_at timestamp)" + with);
        st.execute("CREATE TABLE " + schema + ".orders (id int PRIMARY KEY, user_id int, product_id int, status text, created_at timestamp,"
                + " updated_at timestamp, total double precision)" + with);
        st.execute("INSERT INTO " + schema + ".users SELECT g, 'user ' || g, 'u' || g || '@example.com', TIMESTAMP '2026-11-27' - g * interval '1 minute'"
                + " FROM generate_series(1, " + users + ") g");
        // users ~ uniform: about 10 orders each (Poisson), ~45% above 10, a few with none
        st.execute("SELECT setseed(0.42)");
        st.execute("INSERT INTO " + schema + ".orders SELECT g, 1 + floor(random() * " + users + ")::int, 1 + g % 1000,"
                + " (ARRAY['paid','pending','shipped'])[1 + g % 3], TIMESTAMP '2026-11-27' - g * interval '1 second', TIMESTAMP '2026-11-27',"
                + " (g % 500) / 5.0 FROM generate_series(1, " + orders + ") g");
        st.execute("CREATE INDEX " + (schema.equals("public") ? "orders_user_id" : "fresh_orders_user_id") + " ON " + schema + ".orders (user_id)");
        String visible = "SELECT relallvisible, relpages FROM pg_class WHERE oid = '" + schema + ".orders'::regclass";
        if (vacuum) {
            // A snapshot held elsewhere at that moment (autovacuum's ANALYZE of a table just loaded, say) keeps
            // VACUUM from marking the new rows all-visible: repeat until it could.
            for (int i = 0; i < 30; i++) {
                st.execute("VACUUM ANALYZE " + schema + ".users, " + schema + ".orders");
                try (var rs = st.executeQuery(visible)) {
                    rs.next();
                    if (rs.getLong(1) >= rs.getLong(2)) break;
                }
                Thread.sleep(1000);
            }
        } else {
            st.execute("ANALYZE " + schema + ".users, " + schema + ".orders");
            st.execute("SELECT count(*) FROM " + schema + ".orders"); // sets hint bits, so no run of either query pays for that
        }
        try (var rs = st.executeQuery(visible)) {
            rs.next();
            System.out.printf(Locale.ROOT, "%s.orders: %d of %d pages all-visible%n", schema, rs.getLong(1), rs.getLong(2));
        }
    }
}
