package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.spi.EmbeddedSettings;
import io.dataflow.workflow.Results;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

/**
 * 1M orders, then 1% new rows: the incremental refresh of the guide's daily_sales_summary vs
 * REFRESH MATERIALIZED VIEW CONCURRENTLY of the same aggregate, side by side in one run, each round
 * on the same new rows. Both results are checked equal to the query over all rows. The capture
 * trigger's cost is measured too: each round's INSERT into orders beside the same INSERT into a
 * copy of the table without triggers.
 */
public final class IncrementalVsConcurrentRefresh {

    static final String QUERY = "SELECT DATE(created_at) AS sale_date, product_id, COUNT(*) AS units_sold, SUM(total) AS revenue"
            + " FROM orders WHERE created_at >= :last_refresh GROUP BY DATE(created_at), product_id";

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int fresh = rows / 100;
        try (DataFlow db = DataFlow.configure().environment(n -> null).embedded(EmbeddedSettings.throwAway()).open();
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, product_id bigint, status text, created_at timestamptz, updated_at timestamptz, total numeric)");
            st.execute("INSERT INTO orders SELECT g, g % 10000, g % 500, 'paid', timestamptz '2026-01-01' + (g % 365) * interval '1 day', now(), (g % 1000) / 10.0"
                    + " FROM generate_series(1, " + rows + ") g");
            st.execute("CREATE TABLE orders_plain (LIKE orders INCLUDING ALL)");
            st.execute("INSERT INTO orders_plain SELECT * FROM orders");
            st.execute("VACUUM ANALYZE orders");
            st.execute("VACUUM ANALYZE orders_plain");
            String all = QUERY.replace(":last_refresh", "'-infinity'");
            st.execute("CREATE MATERIALIZED VIEW sales_mv AS " + all);
            st.execute("CREATE UNIQUE INDEX ON sales_mv (sale_date, product_id)");
            Results r = db.runtime().execute(db.workflow().addNode("IncrementalMaterializedViewNode", "create",
                    Map.of("name", "daily_sales_summary", "base_query", QUERY, "merge_strategy", "upsert")).build());
            if (!r.ok()) throw new IllegalStateException(r.toString());
            long next = rows + 1;
            // The guide's case first: new orders are today's (one new day per round, 500 groups); then the
            // worst case: the same number of new rows spread over every day (late rows touching ~all groups).
            for (String mode : new String[] {"recent", "spread"}) {
                System.out.printf("%n%s: %d orders, %d new per round (1%%)%n| round | incremental (ms) | REFRESH CONCURRENTLY (ms) | ratio"
                        + " | INSERT with capture (ms) | INSERT without (ms) |%n|---|---|---|---|---|---|%n", mode, rows, fresh);
                for (int round = 1; round <= rounds; round++) {
                    String day = mode.equals("recent") ? "(365 + " + (next / fresh) + ")" : "(g % 400)";
                    String newRows = " SELECT g, g % 10000, g % 500, 'paid', timestamptz '2026-01-01' + " + day
                            + " * interval '1 day', now(), (g % 1000) / 10.0 FROM generate_series(" + next + ", " + (next + fresh - 1) + ") g";
                    long i0 = System.nanoTime();
                    st.execute("INSERT INTO orders_plain" + newRows);
                    double plain = (System.nanoTime() - i0) / 1e6;
                    i0 = System.nanoTime();
                    st.execute("INSERT INTO orders" + newRows);
                    double captured = (System.nanoTime() - i0) / 1e6;
                    next += fresh;
                    long t0 = System.nanoTime();
                    db.mviews().refresh("daily_sales_summary");
                    double inc = (System.nanoTime() - t0) / 1e6;
                    t0 = System.nanoTime();
                    st.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY sales_mv");
                    double conc = (System.nanoTime() - t0) / 1e6;
                    System.out.printf("| %d | %.1f | %.1f | %.1fx | %.1f | %.1f |%n", round, inc, conc, conc / inc, captured, plain);
                }
            }
            for (String v : new String[] {"daily_sales_summary", "sales_mv"}) {
                try (var rs = st.executeQuery("SELECT count(*) FROM ((SELECT sale_date, product_id, units_sold, revenue FROM " + v + ") EXCEPT ALL (" + all
                        + ")) d")) {
                    rs.next();
                    if (rs.getLong(1) != 0) throw new IllegalStateException(v + " differs from the query over all rows");
                }
            }
            System.out.println("both results equal the query over all rows");
        }
    }
}
