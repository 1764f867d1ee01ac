package io.dataflow.demo;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.model.ModelFiles;
import io.dataflow.model.ModelSpec;
import io.dataflow.model.schema.SyncReport;
import io.dataflow.sql.Identifiers;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.RunOptions;
import io.dataflow.workflow.Workflow;
import io.dataflow.workflow.WorkflowFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo: the guide's models synced, realistic skewed data loaded through BulkCreate, and a
 * workflow of generated CRUD nodes run through the engine. Each capability adds its section.
 */
public final class GuideDemo {

    static final String MODELS = "/io/dataflow/demo/guide-models.yaml";
    static final String WORKFLOW = "/io/dataflow/demo/demo-workflow.yaml";

    /** Receives the demo's progress: a step starting, or rows loaded into a table. */
    public interface Listener {
        void step(String title);

        void rows(String table, long done, long total);
    }

    private GuideDemo() {
    }

    public static List<ModelSpec> models() {
        return ModelFiles.parse(resource(MODELS), "the guide's models");
    }

    /**
     * Runs the demo. The guide's tables must be empty or absent unless {@code reset} is set, in which
     * case they are emptied first (never do that on a database whose data you need).
     */
    public static DemoReport run(DataFlow db, DemoScale scale, boolean reset, Listener listener) {
        List<ModelSpec> models = models();
        db.registerAll(models);
        listener.step("Syncing the guide's " + models.size() + " models");
        SyncReport sync = db.sync();
        if (reset) {
            truncate(db, models);
        } else {
            requireEmpty(db, models);
        }
        listener.step("Generating " + scale.label() + " data (" + String.format("%,d", scale.users) + " users, "
                + String.format("%,d", scale.orders) + " orders)");
        long start = System.nanoTime();
        Map<String, Long> counts = new DemoData(db, scale, Clock.systemUTC(), listener::rows).generate();
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        analyze(db, models);
        listener.step("Running the demo workflow through the engine");
        Workflow workflow = WorkflowFiles.parse(resource(WORKFLOW), "the demo workflow", db.nodes());
        Results results = db.runtime().execute(workflow, Map.of(), RunOptions.defaults());
        DemoCache.Section cache = null;
        if (db.cache().enabled()) {
            listener.step("Querying through the guide's cache rules");
            cache = DemoCache.run(db);
        }
        return new DemoReport(db.status(), sync, counts, loadSeconds, partitionCounts(db), results, cache);
    }

    /**
     * Loads the demo's data into the guide's tables and analyzes them, without syncing: the caller
     * registers and syncs the models first (plan tests use a copy without secondary indexes).
     */
    public static Map<String, Long> generate(DataFlow db, DemoScale scale) {
        Map<String, Long> counts = new DemoData(db, scale, Clock.systemUTC(), (table, done, total) -> { }).generate();
        analyze(db, db.models());
        return counts;
    }

    private static String resource(String name) {
        try (InputStream in = GuideDemo.class.getResourceAsStream(name)) {
            if (in == null) throw new DataFlowException(name + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFlowException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** The views the demo workflow creates: a reset drops them (with their capture triggers) so a rerun starts as the first did. */
    static final List<String> VIEWS = List.of("user_dashboard_stats", "daily_sales_summary");

    private static void truncate(DataFlow db, List<ModelSpec> models) {
        for (var view : db.mviews().status()) {
            if (VIEWS.contains(view.name())) db.mviews().drop(view.name());
        }
        String tables = String.join(", ", models.stream().map(m -> Identifiers.quote(m.table())).toList());
        execute(db, "TRUNCATE " + tables + " RESTART IDENTITY");
        // A shared (Redis) cache may hold the previous run's results: the reset drops them too.
        if (db.cache().enabled()) models.forEach(m -> db.cache().invalidate(m.table()));
    }

    private static void requireEmpty(DataFlow db, List<ModelSpec> models) {
        for (ModelSpec m : models) {
            if ("t".equals(query(db, "SELECT EXISTS (SELECT 1 FROM " + Identifiers.quote(m.table()) + ")"))) {
                throw new DataFlowException("the demo needs the guide's tables empty, and " + m.table() + " has rows;"
                        + " use the embedded server (no --url), or --reset to empty them (their data is lost)");
            }
        }
    }

    private static void analyze(DataFlow db, List<ModelSpec> models) {
        for (ModelSpec m : models) execute(db, "ANALYZE " + Identifiers.quote(m.table()));
    }

    /** Rows per partition of the partitioned tables: shows where list and range routing put them. */
    private static Map<String, Long> partitionCounts(DataFlow db) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tableoid::regclass::text, count(*) FROM events GROUP BY 1"
                     + " UNION ALL SELECT tableoid::regclass::text, count(*) FROM customers GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
        } catch (SQLException e) {
            throw new DataFlowException("cannot count partition rows: " + e.getMessage(), e);
        }
        return out;
    }

    private static void execute(DataFlow db, String sql) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new DataFlowException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String query(DataFlow db, String sql) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        } catch (SQLException e) {
            throw new DataFlowException(sql + ": " + e.getMessage(), e);
        }
    }
}
