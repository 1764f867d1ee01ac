package io.dataflow.demo;

import io.dataflow.DataFlow;
import io.dataflow.crud.BulkOptions;
import io.dataflow.crud.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Realistic, skewed data for the guide's models: a few users place most orders, a few products get
 * most views and sales, most orders are completed, events spread over the past months. Seeded, so
 * every run generates the same data. Rows stream to BulkCreate in chunks, never all in memory.
 */
final class DemoData {

    private static final int CHUNK = 50_000;
    private static final String[] REGIONS = {"us-east", "us-west", "eu-west", "eu-central", "asia-pacific", "asia-south", "mars-base"};
    private static final String[] EVENT_TYPES = {"page_view", "page_view", "page_view", "add_to_cart", "checkout", "login"};

    /** Receives progress as (table, done, total). */
    interface Progress {
        void report(String table, long done, long total);
    }

    private final DataFlow db;
    private final DemoScale scale;
    private final Instant now;
    private final Progress progress;
    private final Instant monthStart;

    DemoData(DataFlow db, DemoScale scale, Clock clock, Progress progress) {
        this.db = db;
        this.scale = scale;
        this.now = clock.instant();
        this.progress = progress;
        this.monthStart = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).withDayOfMonth(1)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    /** Table name to rows inserted, in insertion order. */
    Map<String, Long> generate() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("users", load("User", "users", scale.users, this::user));
        counts.put("products", load("Product", "products", scale.products, this::product));
        counts.put("product_stats", load("ProductStats", "product_stats", scale.products, this::productStats));
        counts.put("orders", load("Order", "orders", scale.orders, this::order));
        counts.put("order_items", load("OrderItem", "order_items", scale.orders * 2L > Integer.MAX_VALUE ? Integer.MAX_VALUE : scale.orders * 2, this::orderItem));
        counts.put("events", load("Event", "events", scale.events, this::event));
        counts.put("customers", load("Customer", "customers", scale.customers, this::customer));
        return counts;
    }

    private long load(String model, String table, int total, IntFunction<Map<String, Object>> row) {
        long inserted = 0;
        for (int start = 0; start < total; start += CHUNK) {
            int end = Math.min(total, start + CHUNK);
            List<Map<String, Object>> rows = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) rows.add(row.apply(i));
            long base = inserted;
            ProgressListener listener = (done, t) -> progress.report(table, base + done, total);
            inserted += db.repository(model).bulkCreate(rows, new BulkOptions(1000, false, listener)).inserted();
            progress.report(table, inserted, total);
        }
        return inserted;
    }

    private static Random random(int i, int salt) {
        return new Random(i * 31L + salt);
    }

    /** 0..n-1, heavily skewed towards small values: x^3 puts about half the mass on the first 12%. */
    private static long skewed(Random r, int n) {
        return (long) (Math.pow(r.nextDouble(), 3) * n);
    }

    private Map<String, Object> user(int i) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", "User " + (i + 1));
        row.put("email", "user" + (i + 1) + "@example.com");
        row.put("created_at", now.minus(Duration.ofMinutes(random(i, 1).nextInt(60 * 24 * 730))));
        return row;
    }

    private Map<String, Object> product(int i) {
        Random r = random(i, 2);
        return Map.of("name", "Product " + (i + 1), "price", Math.round((5 + r.nextDouble() * 495) * 100) / 100.0);
    }

    private Map<String, Object> productStats(int i) {
        Random r = random(i, 3);
        long views = (long) (Math.pow(r.nextDouble(), 4) * 20_000);
        return Map.of("product_id", (long) (i + 1), "view_count", views, "sale_count", views / (5 + r.nextInt(20)));
    }

    private Map<String, Object> order(int i) {
        Random r = random(i, 4);
        Instant created = now.minus(Duration.ofMinutes(r.nextInt(60 * 24 * 365)));
        int s = r.nextInt(100);
        String status = s < 70 ? "completed" : s < 85 ? "shipped" : s < 95 ? "pending" : "cancelled";
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("user_id", 1 + skewed(r, scale.users));
        row.put("product_id", 1 + skewed(r, scale.products));
        row.put("status", status);
        row.put("created_at", created);
        row.put("updated_at", created.plus(Duration.ofHours(r.nextInt(72))));
        row.put("total", Math.round((10 + r.nextDouble() * 490) * 100) / 100.0);
        return row;
    }

    private Map<String, Object> orderItem(int i) {
        Random r = random(i, 5);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", 1 + (long) (i / 2));
        row.put("product_id", 1 + skewed(r, scale.products));
        row.put("quantity", 1 + skewed(r, 5));
        row.put("price", Math.round((5 + r.nextDouble() * 200) * 100) / 100.0);
        row.put("created_at", now.minus(Duration.ofMinutes(r.nextInt(60 * 24 * 365))));
        return row;
    }

    private Map<String, Object> event(int i) {
        Random r = random(i, 6);
        Map<String, Object> row = new LinkedHashMap<>();
        // Within the current month: the partitions sync creates start there (older rows would go to DEFAULT).
        long sinceMonthStart = Math.max(1, Duration.between(monthStart, now).toSeconds());
        row.put("timestamp", now.minusSeconds((long) (r.nextDouble() * sinceMonthStart)));
        row.put("event_type", EVENT_TYPES[r.nextInt(EVENT_TYPES.length)]);
        row.put("data", Map.of("user_id", 1 + skewed(r, scale.users), "path", "/p/" + (1 + skewed(r, scale.products))));
        return row;
    }

    private Map<String, Object> customer(int i) {
        Random r = random(i, 7);
        return Map.of("region", REGIONS[Math.min(REGIONS.length - 1, (int) skewed(r, REGIONS.length))], "name", "Customer " + (i + 1));
    }
}
