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

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int timeoutS = args.length > 2 ? Integer.parseInt(args[2]) : 240;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        try (DataFlow db = DataFlow.configure().environment(n -> null).embedded(EmbeddedSettings.throwAway()).open();
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE users (id int PRIMARY KEY, name text, email text, created_at timestamp)");
            st.execute("CREATE TABLE orders (id int PRIMARY KEY, user_id int, product_id int, status text, created_at timestamp,"
                    + " updated_at timestamp, total double precision)");
            st.execute("INSERT INTO users SELECT g, 'user ' || g, 'u' || g || '@example.com', now() - g * interval '1 minute'"
                    + " FROM generate_series(1, " + users + ") g");
            // users ~ uniform: about 10 orders each (Poisson), ~45% above 10, a few with none
            st.execute("SELECT setseed(0.42)");
            st.execute("INSERT INTO orders SELECT g, 1 + floor(random() * " + users + ")::int, 1 + g % 1000, (ARRAY['paid','pending','shipped'])[1 + g % 3],"
                    + " now() - g * interval '1 second', now(), (g % 500) / 5.0 FROM generate_series(1, " + orders + ") g");
            st.execute("VACUUM ANALYZE");
            System.out.printf(Locale.ROOT, "%d users, %d orders; timeout %d s, %d runs (median); load average at start: %s%n", users, orders,
                    timeoutS, runs, loadAverage());
            System.out.println("| index on orders.user_id | query | original (ms) | rewritten (ms) | speedup | cost before → after | equivalent |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (boolean index : new boolean[] {true, false}) {
                if (index) st.execute("CREATE INDEX orders_user_id ON orders (user_id)");
                else st.execute("DROP INDEX orders_user_id");
                st.execute("ANALYZE orders");
                for (String sql : QUERIES) {
                    RewriteReport r = db.rewriter().optimize(sql, RewriteOptions.defaults().optimization(Optimization.DECORRELATE)
                            .verifyOptions(VerifyOptions.defaults().timeout(Duration.ofSeconds(timeoutS)).runs(index ? runs : 1)));
                    if (!index) {
                        double one = perRow(c, sql);
                        System.out.printf(Locale.ROOT, "  (no index) one execution of the subquery: %.1f ms median, x %d users = ~%.1f h for the"
                                + " original%n", one, users, one * users / 3_600_000.0);
                    }
                    if (r.transformations().isEmpty()) throw new IllegalStateException("not rewritten: " + r.warnings());
                    if (Boolean.FALSE.equals(r.equivalent())) throw new IllegalStateException("not equivalent: " + r.firstDifference());
                    String before = r.timedOutBefore() ? "> " + timeoutS * 1000 + " (timeout)" : String.format(Locale.ROOT, "%.1f", r.timeBeforeMs());
                    String speedup = r.speedup() == null ? "-" : (r.timedOutBefore() ? "> " : "") + String.format(Locale.ROOT, "%.1fx", r.speedup());
                    System.out.printf(Locale.ROOT, "| %s | `%s` | %s | %.1f | %s | %.0f → %.0f | %s |%n", index ? "yes" : "no",
                            sql.substring(sql.indexOf("WHERE") + 6), before, r.timeAfterMs(), speedup, r.costBefore(), r.costAfter(),
                            r.equivalent() == null ? "not checked (timeout)" : r.equivalent() ? "yes" : "NO");
                    System.out.println("  load average now: " + loadAverage());
                }
            }
        }
    }
}
