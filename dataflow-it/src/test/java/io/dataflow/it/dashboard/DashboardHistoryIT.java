package io.dataflow.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.config.ConfigReader;
import io.dataflow.dashboard.DashboardDatabase;
import io.dataflow.dashboard.DashboardOptions;
import io.dataflow.dashboard.DashboardServer;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.monitor.MonitorConfig;
import io.dataflow.mview.ViewSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The history charts: table and index bytes growing on the Space page (from the monitor's stored
 * samples), each materialized view's refresh durations on the Views page, and a real deadlock on the
 * Locks page's deadlocks chart.
 */
class DashboardHistoryIT {

    @Test
    void sizesRefreshesAndDeadlocksAreChartedFromTheStoredHistory() throws Exception {
        TestDatabase db = TestServers.embedded().freshDatabase();
        db.execute("CREATE TABLE t (id int PRIMARY KEY, k int NOT NULL, pad text NOT NULL)");
        db.execute("INSERT INTO t SELECT g, g % 10, repeat('x', 100) FROM generate_series(1, 1000) g");
        HttpClient http = HttpClient.newHttpClient();
        try (DataFlow flow = DataFlow.configure().url(db.url()).pool(1, 4, 10).open();
             DashboardServer dashboard = DashboardServer.start(flow, DashboardOptions.defaults().port(0).collectEvery(Duration.ofHours(1)))) {
            Map<String, Object> spec = Map.of("name", "v_totals", "query", "SELECT k, count(*) AS n FROM t GROUP BY k", "indexes", List.of("k"));
            flow.mviews().create(ViewSpec.read(ConfigReader.of("test view", spec)), spec, "test view");
            flow.mviews().refresh("v_totals");
            flow.mviews().refresh("v_totals");
            DashboardDatabase d = dashboard.database(DashboardServer.nameOf(flow));
            // per-table values are stored at the slow cadence: every collection here
            d.view().monitor().configure(MonitorConfig.guide().withSlowMetricsInterval(Duration.ZERO));
            d.collect();
            db.execute("INSERT INTO t SELECT g, g % 10, repeat('y', 200) FROM generate_series(1001, 20000) g");
            deadlock(db);
            Thread.sleep(1100); // the next sample one second later
            d.collect();

            String space = get(http, dashboard.url() + "space?db=" + d.name());
            double[] tableBytes = chart(space, "t table bytes");
            assertThat(tableBytes.length).isGreaterThanOrEqualTo(2);
            assertThat(tableBytes[tableBytes.length - 1]).isGreaterThan(tableBytes[0])
                    .isEqualTo(Double.parseDouble(db.value("SELECT pg_table_size('t')")));
            double[] indexBytes = chart(space, "t index bytes");
            assertThat(indexBytes[indexBytes.length - 1]).isGreaterThan(indexBytes[0])
                    .isEqualTo(Double.parseDouble(db.value("SELECT pg_indexes_size('t')")));

            String views = get(http, dashboard.url() + "views?db=" + d.name());
            assertThat(views).contains("Refresh history of v_totals");
            double[] durations = chart(views, "v_totals refresh duration");
            assertThat(durations.length).isEqualTo(Integer.parseInt(db.value("SELECT count(*) FROM dataflow.mview_refreshes WHERE name = 'v_totals' AND duration_ms IS NOT NULL")))
                    .isGreaterThanOrEqualTo(2);
            assertThat(Arrays.stream(durations).min().orElse(-1)).isGreaterThanOrEqualTo(0);

            String locks = get(http, dashboard.url() + "locks?db=" + d.name());
            double[] deadlocks = chart(locks, "deadlocks");
            assertThat(Arrays.stream(deadlocks).max().orElse(0)).isEqualTo(1.0);
        }
    }

    @Test
    void theCliReadsNamedDatabasesFromAYamlFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        TestDatabase db = TestServers.embedded().freshDatabase();
        java.nio.file.Path bad = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(bad, "orders:\n");
        io.dataflow.it.Cli.Run refused = io.dataflow.it.Cli.run("dashboard", "--databases", bad.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("database 'orders' has no URL");
        // a good file is read and its databases opened; the (unsafe) bind then stops the run before serving
        java.nio.file.Path good = dir.resolve("dbs.yaml");
        java.nio.file.Files.writeString(good, "orders: " + db.url() + "\n");
        io.dataflow.it.Cli.Run read = io.dataflow.it.Cli.run("dashboard", "--databases", good.toString(), "--bind", "0.0.0.0:0");
        assertThat(read.exit()).isEqualTo(2);
        assertThat(read.err()).contains("refusing to serve the dashboard on 0.0.0.0 without credentials").doesNotContain("databases file");
    }

    /** Two sessions each holding a row the other wants: the server ends one with 40P01. */
    private static void deadlock(TestDatabase db) throws Exception {
        try (Connection a = db.connect(); Connection b = db.connect(); Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            sa.execute("UPDATE t SET k = k WHERE id = 1");
            sb.execute("UPDATE t SET k = k WHERE id = 2");
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
                try {
                    sa.execute("UPDATE t SET k = k WHERE id = 2");
                } catch (SQLException e) {
                    throw new RuntimeException(e.getSQLState(), e);
                }
            });
            Thread.sleep(200);
            String state = null;
            try {
                sb.execute("UPDATE t SET k = k WHERE id = 1");
            } catch (SQLException e) {
                state = e.getSQLState();
            }
            try {
                first.join();
            } catch (RuntimeException e) {
                state = e.getCause().getMessage();
            }
            assertThat(state).isEqualTo("40P01");
            a.rollback();
            b.rollback();
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    /** The y values of the chart titled {@code title} (its JSON sits escaped in a data-chart attribute). */
    private static double[] chart(String page, String title) {
        String html = page.replace("&quot;", "\"");
        Matcher m = Pattern.compile("\\{\"title\":\"" + Pattern.quote(title) + "\"[^}]*\"y\":\\[([^\\]]*)\\]\\}").matcher(html);
        assertThat(m.find()).as("a chart titled '" + title + "' with data").isTrue();
        return Arrays.stream(m.group(1).split(",")).mapToDouble(s -> s.equals("null") ? Double.NaN : Double.parseDouble(s)).toArray();
    }
}
