package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.rewrite.RewriteOptions;
import io.dataflow.rewrite.RewriteReport;
import io.dataflow.rewrite.VerifyOptions;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * The correlated shapes PostgreSQL leaves as SubPlans (issue 27), each original against DataFlow's
 * rewrite side by side in one run: {@code db.rewriter().optimize(sql)} runs both alternately in one
 * read-only transaction (medians), compares the results and reports whether the rewrite is offered.
 * Same data as {@link DecorrelationBenchmark}: users and orders (about 10 orders per user, uniform
 * at random, a few users without orders), index on orders.user_id, every page all-visible.
 *
 * <p>Arguments: users, orders, timeout (s), runs, and {@code index} (default) or {@code noindex}: the
 * same with the index on orders.user_id dropped, where every original probe is a scan of orders (the
 * originals are then stopped at the timeout, and the rewrites run once).
 */
public final class SubPlanRewriteBenchmark {

    /** shape → query. */
    static final String[][] QUERIES = {
            {"EXISTS (... OFFSET 15): more than 15 orders",
                    "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id OFFSET 15)"},
            {"EXISTS with a nested correlated AVG",
                    "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.total > (SELECT AVG(o2.total)"
                            + " FROM orders o2 WHERE o2.user_id = u.id) * 1.8)"},
            {"join filter with a correlated AVG",
                    "SELECT u.id, o.id AS order_id FROM users u JOIN orders o ON o.user_id = u.id AND o.total > (SELECT AVG(o2.total)"
                            + " FROM orders o2 WHERE o2.user_id = u.id) * 1.8"},
            {"> ALL (correlated)",
                    "SELECT u.id FROM users u WHERE 90 > ALL (SELECT o.total FROM orders o WHERE o.user_id = u.id)"},
            {"< ANY (correlated)",
                    "SELECT u.id FROM users u WHERE 99 < ANY (SELECT o.total FROM orders o WHERE o.user_id = u.id)"},
            {"latest row per user (ORDER BY ... LIMIT 1)",
                    "SELECT u.id, (SELECT o.total FROM orders o WHERE o.user_id = u.id ORDER BY o.created_at DESC, o.id DESC LIMIT 1) AS last_total"
                            + " FROM users u"},
            {"3 aggregates over one correlation",
                    "SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) AS n, (SELECT SUM(o.total) FROM orders o WHERE"
                            + " o.user_id = u.id) AS spent, (SELECT MAX(o.created_at) FROM orders o WHERE o.user_id = u.id) AS last_at FROM users u"},
    };

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int timeoutS = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        boolean index = args.length <= 4 || !args[4].equals("noindex");
        try (DataFlow db = DataFlow.configure().environment(n -> null).embedded(EmbeddedSettings.throwAway()).open();
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            long t0 = System.nanoTime();
            DecorrelationBenchmark.load(st, "public", users, orders, true);
            if (!index) st.execute("DROP INDEX orders_user_id");
            System.out.printf(Locale.ROOT, "%d users, %d orders loaded in %.0f s; index on orders.user_id: %s; timeout %d s, %d runs (median);"
                    + " load average at start: %s%n", users, orders, (System.nanoTime() - t0) / 1e9, index ? "yes" : "no", timeoutS, runs, DecorrelationBenchmark.loadAverage());
            System.out.println("| shape | original (ms) | rewritten (ms) | speedup | cost before → after | equivalent | offered | rewrite |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (String[] q : QUERIES) {
                RewriteReport r = db.rewriter().optimize(q[1], RewriteOptions.defaults()
                        .verifyOptions(VerifyOptions.defaults().timeout(Duration.ofSeconds(timeoutS)).runs(runs)));
                boolean offered = !r.transformations().isEmpty();
                if (!offered && r.rejected() == null) throw new IllegalStateException("not rewritten: " + q[1] + "\n" + r.warnings());
                if (Boolean.FALSE.equals(r.equivalent())) throw new IllegalStateException("not equivalent: " + r.firstDifference());
                String before = r.timedOutBefore() ? "> " + timeoutS * 1000 + " (timeout)" : String.format(Locale.ROOT, "%,.1f", r.timeBeforeMs());
                String speedup = r.speedup() == null ? "-" : (r.timedOutBefore() ? "> " : "") + String.format(Locale.ROOT, "%.1fx", r.speedup());
                String kinds = offered ? String.join(", ", r.transformations().stream().map(t -> t.kind()).toList())
                        : "not offered: " + r.warnings().stream().filter(w -> w.contains("not offered")).findFirst().orElse("");
                System.out.printf(Locale.ROOT, "| %s | %s | %,.1f | %s | %,.0f → %,.0f | %s | %s | %s |%n", q[0], before, r.timeAfterMs(), speedup,
                        r.costBefore(), r.costAfter(), r.equivalent() == null ? "not checked (timeout)" : r.equivalent() ? "yes" : "NO",
                        offered ? "yes" : "no", kinds);
                if (offered) r.transformations().forEach(t -> System.out.println("  " + t.description()));
                System.out.println("  load average now: " + DecorrelationBenchmark.loadAverage());
            }
        }
    }
}
