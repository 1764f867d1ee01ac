package io.dataflow.it.plan;

import io.dataflow.DataFlow;
import io.dataflow.demo.DemoScale;
import io.dataflow.demo.GuideDemo;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.model.ModelFiles;
import io.dataflow.model.ModelSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The guide's schema without secondary indexes, filled with the demo's skewed data at small scale.
 * Loaded once per server into a template database; each test gets its own copy (CREATE DATABASE
 * ... TEMPLATE), so tests that create indexes cannot disturb each other. HypoPG is created in it
 * when the server has the package.
 */
final class DemoFixture {

    /** The guide's plan-analysis query. */
    static final String GUIDE_QUERY = """
            SELECT o.*, u.name, p.name AS title
            FROM orders o
            JOIN users u ON o.user_id = u.id
            JOIN products p ON o.product_id = p.id
            WHERE o.status = 'completed'
            AND o.created_at >= :start_date
            ORDER BY o.created_at DESC
            LIMIT 100""";

    private static final Map<String, TestDatabase> TEMPLATES = new HashMap<>();

    private DemoFixture() {
    }

    /** A value for :start_date that selects the last 30 days of orders. */
    static String startDate() {
        return Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString();
    }

    static synchronized TestDatabase copy(TestServers.Server server) {
        TestDatabase template = TEMPLATES.computeIfAbsent(server.name(), k -> load(server));
        return server.copyOf(template);
    }

    /** The guide's models with their indexes removed (primary keys stay). */
    static List<ModelSpec> modelsWithoutIndexes() {
        return ModelFiles.read(Path.of("../examples/guide-models.yaml")).stream()
                .map(m -> new ModelSpec(m.name(), m.table(), m.fields(), List.of(), m.partitioning(), m.optimisticLock(), m.retryOnConflict()))
                .toList();
    }

    static boolean hasHypoPg(TestDatabase db) {
        return "1".equals(db.value("SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'"));
    }

    private static TestDatabase load(TestServers.Server server) {
        TestDatabase db = server.freshDatabase();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                db.close();
            } catch (RuntimeException ignored) {
                // the embedded server may already be gone
            }
        }));
        try (DataFlow flow = DataFlow.configure().url(db.url()).pool(1, 3, 10).open()) {
            flow.registerAll(modelsWithoutIndexes());
            flow.sync();
            GuideDemo.generate(flow, DemoScale.SMALL);
        }
        db.execute("VACUUM ANALYZE");
        if ("1".equals(db.value("SELECT count(*) FROM pg_available_extensions WHERE name = 'hypopg'"))) {
            db.execute("CREATE EXTENSION IF NOT EXISTS hypopg");
        }
        return db;
    }
}
