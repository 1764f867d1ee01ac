package io.dataflow.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.dashboard.DashboardOptions;
import io.dataflow.dashboard.DashboardServer;
import io.dataflow.demo.DemoScale;
import io.dataflow.demo.GuideDemo;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dashboard for a read-only role (SELECT on the application's tables and pg_read_all_stats, nothing
 * else): it starts, every page loads, the pages say history is not kept and which privilege is missing,
 * and the catalog is exactly as before.
 */
class DashboardReadOnlyRoleIT {

    static final List<String> PAGES = List.of("/", "/overview", "/queries", "/statement?queryid=1", "/indexes", "/space", "/maintenance", "/partitions",
            "/views", "/cache", "/connections", "/locks", "/tuning", "/alerts", "/scheduler");

    @Test
    void aReadOnlyRoleGetsEveryPageAndChangesNothing() throws Exception {
        TestDatabase db = TestServers.embedded().freshDatabase();
        String role = "dash_ro_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (DataFlow owner = DataFlow.open(db.url())) {
            owner.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            GuideDemo.run(owner, DemoScale.SMALL, true, new GuideDemo.Listener() {
                @Override
                public void step(String title) {
                }

                @Override
                public void rows(String table, long done, long total) {
                }
            });
        }
        // the demo made DataFlow's state schema as its owner: this role lacks CREATE on it
        pagesLoadAndNothingIsCreated(db, role, "lacks CREATE on schema dataflow");
    }

    @Test
    void withoutAStateSchemaTheMissingPrivilegeIsCreateOnTheDatabase() throws Exception {
        TestDatabase db = TestServers.embedded().freshDatabase();
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, total numeric NOT NULL)");
        db.execute("INSERT INTO orders SELECT g, g FROM generate_series(1, 100) g");
        String role = "dash_ro_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        pagesLoadAndNothingIsCreated(db, role, "lacks CREATE on database " + db.name());
    }

    private static void pagesLoadAndNothingIsCreated(TestDatabase db, String role, String missing) throws Exception {
        db.execute("CREATE ROLE " + role + " LOGIN");
        db.execute("GRANT pg_read_all_stats TO " + role);
        db.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
        String before = catalog(db);
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + role;
        HttpClient http = HttpClient.newHttpClient();
        try (DataFlow reader = DataFlow.open(url);
             DashboardServer dashboard = DashboardServer.start(reader, DashboardOptions.defaults().port(0).collectEvery(Duration.ofMillis(300)))) {
            String name = DashboardServer.nameOf(reader);
            assertThat(dashboard.database(name).historyOff()).contains(missing).contains(role);
            Thread.sleep(700); // a few turns of the collection loop, which must create nothing either
            for (String page : PAGES) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + page.substring(1))).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(page).isEqualTo(200);
                assertThat(r.body()).as(page).contains("id=\"history-off\"").contains("history").contains("is not being kept").contains(missing);
            }
        }
        try (DataFlow reader = DataFlow.open(url)) {
            // actions are recorded in dataflow.dashboard_actions, which this role may not create: refused, naming the privilege
            assertThatThrownBy(() -> DashboardServer.start(reader, DashboardOptions.defaults().port(0).allowActions(true)))
                    .isInstanceOf(DataFlowException.class).hasMessageContaining("--allow-actions").hasMessageContaining(missing);
        }
        assertThat(catalog(db)).isEqualTo(before);
    }

    private static String catalog(TestDatabase db) {
        return db.value("SELECT (SELECT count(*) FROM pg_namespace) || ' schemas, ' || (SELECT count(*) FROM pg_class) || ' relations'");
    }
}
