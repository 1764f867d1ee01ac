package io.dataflow.demo;

import io.dataflow.DataFlow;
import io.dataflow.cache.CacheStats;
import io.dataflow.cache.QueryResult;
import io.dataflow.cache.RuleStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The guide's query cache on the demo's data, after the workflow's SmartCacheNode set the guide's
 * rules: each query runs twice (a miss, then a hit), a write invalidates the products entry, and
 * {@code key_includes} keeps two users' entries apart.
 */
public final class DemoCache {

    /** The guide's dashboard shape, matched by its {@code .*GROUP BY.*DATE.*} rule (24 h). */
    static final String DASHBOARD = "SELECT DATE(created_at) AS day, COUNT(*) AS orders, SUM(total) AS revenue"
            + " FROM orders GROUP BY DATE(created_at) ORDER BY day";
    /** Matched by {@code SELECT.*FROM products.*} (1 h, invalidated by products.update and products.delete). */
    static final String PRODUCT = "SELECT id, name, price, version FROM products WHERE id = :id";
    /** Matched by {@code .*user_id = :current_user.*} (5 min, the user is part of the key). */
    static final String MY_ORDERS = "SELECT id, status, total FROM orders WHERE user_id = :current_user ORDER BY id";

    /**
     * One query run: what it was, how long it took, whether the cache answered.
     *
     * @param label  what the step shows
     * @param ms     time of {@code db.query}
     * @param cached answered from the cache
     * @param rows   rows returned
     */
    public record Step(String label, double ms, boolean cached, int rows) {
    }

    /**
     * The steps in order, with what {@code db.cacheStats()} counted during them (the workflow's CRUD
     * reads may have gone through the same rules before) and the stats after them.
     */
    public record Section(String backend, List<Step> steps, long hits, long misses, CacheStats stats) {
    }

    private DemoCache() {
    }

    static Section run(DataFlow db) {
        RuleStats before = db.cacheStats().total();
        List<Step> steps = new ArrayList<>();
        steps.add(step(db, "dashboard aggregate (GROUP BY DATE)", DASHBOARD, Map.of()));
        steps.add(repeated(db, "dashboard aggregate, again", DASHBOARD, Map.of()));
        steps.add(step(db, "product 1", PRODUCT, Map.of("id", 1)));
        steps.add(repeated(db, "product 1, again", PRODUCT, Map.of("id", 1)));
        db.execute("UPDATE products SET name = name WHERE id = :id", Map.of("id", 1)); // products.update: drops the entry
        steps.add(step(db, "product 1 after UPDATE products", PRODUCT, Map.of("id", 1)));
        steps.add(step(db, "orders of user 1 (key includes user_id)", MY_ORDERS, Map.of("current_user", 1)));
        steps.add(repeated(db, "orders of user 1, again", MY_ORDERS, Map.of("current_user", 1)));
        steps.add(step(db, "orders of user 2: its own entry", MY_ORDERS, Map.of("current_user", 2)));
        CacheStats stats = db.cacheStats();
        return new Section(stats.backend(), steps, stats.total().hits() - before.hits(), stats.total().misses() - before.misses(), stats);
    }

    /** Hits in a fresh process include loading and compiling the decoder: the median of several is the steady cost. */
    static final int REPEATS = 21;

    private static Step repeated(DataFlow db, String label, String sql, Map<String, ?> params) {
        double[] ms = new double[REPEATS];
        Step last = null;
        for (int i = 0; i < REPEATS; i++) {
            last = step(db, label, sql, params);
            ms[i] = last.ms();
        }
        java.util.Arrays.sort(ms);
        return new Step(label + " (median of " + REPEATS + ")", ms[REPEATS / 2], last.cached(), last.rows());
    }

    private static Step step(DataFlow db, String label, String sql, Map<String, ?> params) {
        long start = System.nanoTime();
        QueryResult r = db.query(sql, params);
        return new Step(label, (System.nanoTime() - start) / 1e6, r.cached(), r.size());
    }
}
