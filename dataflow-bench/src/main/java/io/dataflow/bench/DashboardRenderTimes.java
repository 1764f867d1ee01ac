package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.dashboard.DashboardOptions;
import io.dataflow.dashboard.DashboardServer;
import io.dataflow.demo.DemoScale;
import io.dataflow.demo.GuideDemo;
import io.dataflow.plan.WorkloadQuery;
import io.dataflow.spi.EmbeddedSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The dashboard's render time per page on the demo database (target: every page under 300 ms), and
 * its added load on the server while one browser refreshes the overview every 5 s. The dashboard
 * connects as a role of its own, so pg_stat_statements says how much server time its queries took.
 * Usage: java -cp benchmarks.jar io.dataflow.bench.DashboardRenderTimes [small|medium] [loads per page] [load-test seconds]
 */
public final class DashboardRenderTimes {

    static final String ROLE = "dataflow_dashboard_bench";
    static final List<String> PAGES = List.of("overview", "queries", "indexes", "space", "maintenance", "partitions", "views", "cache", "connections",
            "locks", "tuning", "alerts", "scheduler");

    public static void main(String[] args) throws Exception {
        DemoScale scale = DemoScale.parse(args.length > 0 ? args[0] : "small");
        int loads = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int loadSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        try (DataFlow db = DataFlow.configure().environment(n -> null).embedded(EmbeddedSettings.throwAway())
                .cache(java.util.Map.of("backend", "memory")).open()) {
            GuideDemo.run(db, scale, true, new GuideDemo.Listener() {
                @Override
                public void step(String title) {
                }

                @Override
                public void rows(String table, long done, long total) {
                }
            });
            exec(db, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            exec(db, "DROP ROLE IF EXISTS " + ROLE);
            exec(db, "CREATE ROLE " + ROLE + " LOGIN SUPERUSER"); // its own userid in pg_stat_statements, nothing more
            String database = value(db, "SELECT current_database()");
            List<WorkloadQuery> workload = BenchWorkload.fifty().queries();
            activity(db, workload); // statements for the Queries page and the advisor
            try (DataFlow dashboardDb = DataFlow.open(db.embeddedServer().orElseThrow().jdbcUrl(database) + "?user=" + ROLE);
                 DashboardServer server = DashboardServer.start(dashboardDb, DashboardOptions.defaults().port(0))) {
                HttpClient http = HttpClient.newHttpClient();
                for (int i = 0; i < 3; i++) {
                    activity(db, workload);
                    server.database(DashboardServer.nameOf(dashboardDb)).collect();
                }
                System.out.printf("%s demo data; %d loads per page after one warm-up; server %s%n", scale.label(), loads,
                        value(db, "SELECT version()").split(",")[0]);
                System.out.println("| page | first load ms | median ms | max ms |");
                System.out.println("|---|---|---|---|");
                for (String page : PAGES) {
                    double first = get(http, server.url() + page);
                    List<Double> ms = new ArrayList<>();
                    for (int i = 0; i < loads; i++) ms.add(get(http, server.url() + page));
                    Collections.sort(ms);
                    System.out.printf("| %s | %.0f | %.0f | %.0f |%n", page, first, ms.get(ms.size() / 2), ms.get(ms.size() - 1));
                }
                // added load: one browser refreshing the overview every 5 s (plus the dashboard's own 15 s collection)
                exec(db, "SELECT pg_stat_statements_reset()");
                long t0 = System.nanoTime();
                int refreshes = 0;
                while (System.nanoTime() - t0 < loadSeconds * 1_000_000_000L) {
                    get(http, server.url() + "overview");
                    refreshes++;
                    Thread.sleep(5000);
                }
                double wall = (System.nanoTime() - t0) / 1e6;
                double serverMs = Double.parseDouble(value(db, "SELECT coalesce(sum(total_exec_time + total_plan_time), 0) FROM pg_stat_statements s"
                        + " JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = '" + ROLE + "'"));
                System.out.printf("load: %d overview refreshes in %.0f s; the dashboard's queries took %.0f ms of server time = %.2f%% of one core%n",
                        refreshes, wall / 1000, serverMs, 100 * serverMs / wall);
            }
        }
    }

    private static void activity(DataFlow db, List<WorkloadQuery> workload) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (WorkloadQuery q : workload) {
                try (ResultSet rs = st.executeQuery(q.sql())) {
                    while (rs.next()) {
                        // drain
                    }
                } catch (java.sql.SQLException e) {
                    // a workload statement this scale cannot run is left out
                }
            }
        }
    }

    private static double get(HttpClient http, String url) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode());
        return (System.nanoTime() - t) / 1e6;
    }

    private static void exec(DataFlow db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String value(DataFlow db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
