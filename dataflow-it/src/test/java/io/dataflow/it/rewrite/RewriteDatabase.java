package io.dataflow.it.rewrite;

import io.dataflow.DataFlow;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;

/**
 * The guide's users and orders (plus products and order_items for its EXISTS example) with the
 * awkward cases decorrelation must survive: users without orders, orders without a user (NULL
 * user_id), NULL totals and regions, duplicate rows, and a few users with more than 10 orders.
 */
final class RewriteDatabase implements AutoCloseable {

    static final String SCHEMA = """
            CREATE TABLE users (id int PRIMARY KEY, name text, region text, created_at timestamp NOT NULL);
            CREATE TABLE orders (id int PRIMARY KEY, user_id int, buyer_id int NOT NULL, status text, region text,
                                 total numeric, quantity int, created_at timestamptz NOT NULL);
            CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE order_items (id int PRIMARY KEY, product_id int NOT NULL, created_at timestamptz NOT NULL);
            """;

    private static final java.util.Map<String, RewriteDatabase> SHARED = new java.util.HashMap<>();

    /**
     * The standard data, loaded once per server and shared by the read-only tests (every statement
     * they run is a query or is refused; tests check that counts stay as loaded).
     */
    static synchronized RewriteDatabase shared(TestServers.Server server) {
        return SHARED.computeIfAbsent(server.name(), k -> {
            RewriteDatabase d = new RewriteDatabase(server).standardData();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    d.close();
                } catch (RuntimeException ignored) {
                    // the embedded server may already be gone
                }
            }));
            return d;
        });
    }

    final TestDatabase db;
    final DataFlow flow;

    RewriteDatabase(TestServers.Server server) {
        db = server.freshDatabase();
        for (String ddl : SCHEMA.split(";")) if (!ddl.isBlank()) db.execute(ddl);
        flow = db.open();
    }

    /** 40 users (31..40 without orders), about 260 orders (some with NULL user_id, total, region, status). */
    RewriteDatabase standardData() {
        db.execute("""
                INSERT INTO users SELECT g, 'user ' || g, (ARRAY['a', 'b', NULL])[1 + g % 3],
                       timestamp '2025-01-01' + g * interval '9 days' FROM generate_series(1, 40) g""");
        db.execute("""
                INSERT INTO orders SELECT o, CASE WHEN o % 29 = 0 THEN NULL ELSE 1 + (o * o) % 30 END, 1 + o % 40,
                       (ARRAY['paid', 'pending', NULL])[1 + o % 3], (ARRAY['a', 'b', NULL, 'a'])[1 + o % 4],
                       CASE WHEN o % 11 = 0 THEN NULL ELSE (o % 7) * 10 END, o % 5,
                       timestamptz '2024-12-25 22:00+00' + o * interval '37 hours' FROM generate_series(1, 260) o""");
        db.execute("INSERT INTO products SELECT g, 'product ' || g FROM generate_series(1, 20) g");
        db.execute("INSERT INTO order_items SELECT g, 1 + g % 12, now() - (g % 60) * interval '1 day' FROM generate_series(1, 200) g");
        db.execute("ANALYZE");
        return this;
    }

    @Override
    public void close() {
        flow.close();
        db.close();
    }
}
