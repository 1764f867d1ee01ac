package io.dataflow.it.mview;

import io.dataflow.DataFlow;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.model.ModelFiles;
import io.dataflow.workflow.Results;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A fresh database with the guide's users and orders tables (examples/guide-models.yaml), and helpers. */
final class MviewDatabase implements AutoCloseable {

    static final String DASHBOARD = """
            SELECT
                u.id as user_id,
                u.name,
                COUNT(DISTINCT o.id) as total_orders,
                SUM(o.total) as lifetime_value,
                AVG(o.total) as avg_order_value,
                MAX(o.created_at) as last_order_date
            FROM users u
            LEFT JOIN orders o ON u.id = o.user_id
            GROUP BY u.id, u.name
            """;

    static final String DAILY_SALES = """
            SELECT
                DATE(created_at) as sale_date,
                product_id,
                COUNT(*) as units_sold,
                SUM(total) as revenue
            FROM orders
            WHERE created_at >= :last_refresh
            GROUP BY DATE(created_at), product_id
            """;

    final TestDatabase db;
    final DataFlow flow;

    MviewDatabase(TestServers.Server server) {
        db = server.freshDatabase();
        flow = db.open();
        flow.registerAll(ModelFiles.read(Path.of("../examples/guide-models.yaml")).stream()
                .filter(m -> m.name().equals("User") || m.name().equals("Order")).toList());
        flow.sync();
    }

    void users(int n) {
        db.execute("INSERT INTO users (id, name, email, created_at) SELECT g, 'user ' || g, 'u' || g || '@x', now() FROM generate_series(1, " + n + ") g");
    }

    /** Orders with whole-number totals (float sums then do not depend on order of addition). */
    void orders(int from, int to, String createdAt) {
        db.execute("INSERT INTO orders (id, user_id, product_id, status, created_at, updated_at, total) SELECT g, 1 + g % 5, 1 + g % 3, 'paid', "
                + createdAt + ", now(), (g % 7) * 10 FROM generate_series(" + from + ", " + to + ") g");
    }

    Results run(String type, Map<String, Object> config) {
        return flow.runtime().execute(flow.workflow().addNode(type, "node", config).build());
    }

    Map<String, Object> ok(String type, Map<String, Object> config) {
        Results r = run(type, config);
        if (!r.ok()) throw new AssertionError(r.toString());
        return r.node("node").output();
    }

    /** Every row of a query as text, sorted: to compare results as sets. */
    List<String> rows(String sql) {
        List<String> out = new ArrayList<>(db.column("SELECT q::text FROM (" + sql + ") q"));
        out.sort(null);
        return out;
    }

    @Override
    public void close() {
        flow.close();
        db.close();
    }
}
