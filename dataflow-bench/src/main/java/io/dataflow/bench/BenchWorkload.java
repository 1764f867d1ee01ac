package io.dataflow.bench;

import io.dataflow.plan.Workload;
import io.dataflow.plan.WorkloadQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The advisor benchmark's workload: the 18 statements of examples/guide-workload.sql plus 32 more
 * from templates over the demo schema with different constants and seeded weights (50 in all).
 */
final class BenchWorkload {

    private static final String[] TEMPLATES = {
        "SELECT * FROM users WHERE email = 'user%d@example.com'",
        "SELECT * FROM orders WHERE user_id = %d ORDER BY created_at DESC LIMIT 20",
        "SELECT id, total FROM orders WHERE user_id = %d AND status = 'pending'",
        "SELECT * FROM orders WHERE product_id = %d AND created_at >= now() - interval '14 days'",
        "SELECT * FROM order_items WHERE order_id = %d",
        "SELECT * FROM order_items WHERE product_id = %d ORDER BY created_at DESC LIMIT 5",
        "SELECT * FROM product_stats WHERE product_id = %d",
        "SELECT u.name, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE u.email = 'user%d@example.com'",
        "SELECT count(*) FROM orders WHERE status = 'cancelled' AND created_at >= now() - interval '%d days'",
        "SELECT o.id, oi.product_id FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.user_id = %d",
        "UPDATE orders SET total = total + 1 WHERE id = %d",
        "SELECT * FROM products WHERE price BETWEEN %d AND %d + 2",
        "SELECT sum(total) FROM orders WHERE user_id = %d AND created_at >= now() - interval '90 days'",
        "SELECT * FROM orders WHERE updated_at >= now() - interval '%d hours'",
        "SELECT count(*) FROM order_items WHERE product_id = %d AND quantity > 2",
        "SELECT * FROM users WHERE name = 'User %d'",
    };

    private BenchWorkload() {
    }

    static Workload fifty() {
        List<WorkloadQuery> out = new ArrayList<>(Workload.read(Path.of("examples/guide-workload.sql")).queries());
        Random random = new Random(7);
        for (int i = 0; out.size() < 50; i++) {
            String template = TEMPLATES[i % TEMPLATES.length];
            int value = 1 + random.nextInt(400);
            out.add(new WorkloadQuery(template.replace("%d", Integer.toString(value)), 1 + random.nextInt(30), "bench:" + (out.size() + 1)));
        }
        return new Workload(out);
    }
}
