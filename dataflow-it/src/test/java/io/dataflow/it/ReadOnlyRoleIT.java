package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.lock.LockMonitorOptions;
import io.dataflow.lock.LockReport;
import io.dataflow.maintenance.BloatRequest;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.PlanOptions;
import io.dataflow.plan.QueryPlan;
import io.dataflow.plan.Workload;
import io.dataflow.rewrite.RewriteOptions;
import io.dataflow.stats.AnalysisRequest;
import io.dataflow.stats.UpdateRequest;
import io.dataflow.tune.TuneOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A least-privilege application role (SELECT on its tables, pg_read_all_stats, nothing else) runs
 * every read-only feature without an error and without changing the catalog; features that keep
 * state create only their own tables, in the configured state schema.
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class ReadOnlyRoleIT extends ServerTest {

    private final String role = "ro_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    ReadOnlyRoleIT(TestServers.Server server) {
        super(server);
    }

    @BeforeEach
    void tables() {
        db.execute("""
                CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
                CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users, status text NOT NULL,
                                     total numeric NOT NULL, created_at timestamptz NOT NULL);
                INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 200) g;
                INSERT INTO orders SELECT g, 1 + g % 200, CASE WHEN g % 5 = 0 THEN 'pending' ELSE 'shipped' END, g % 97,
                                          timestamptz '2026-01-01' + g * interval '1 hour' FROM generate_series(1, 5000) g;
                ANALYZE users; ANALYZE orders;""");
        server.exec("CREATE ROLE " + role + " LOGIN PASSWORD 'ro'");
        db.execute("GRANT CONNECT ON DATABASE " + db.name() + " TO " + role + "; GRANT USAGE ON SCHEMA public TO " + role
                + "; GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role + "; GRANT pg_read_all_stats TO " + role
                + "; REVOKE CREATE ON SCHEMA public FROM PUBLIC"); // PostgreSQL 14 and older grant it to everyone
    }

    @AfterEach
    void dropRole() {
        db.close(); // the database goes first: the role's grants live in it
        server.exec("DROP ROLE IF EXISTS " + role);
    }

    private String roleUrl() {
        return db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + role + "&password=ro";
    }

    /** Namespaces and relations (name, kind) of the whole database, temporary ones included. */
    private List<String> catalog() {
        List<String> out = new ArrayList<>(db.column("SELECT 'namespace ' || nspname FROM pg_namespace ORDER BY 1"));
        out.addAll(db.column("SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace ORDER BY 1"));
        out.addAll(db.column("SELECT 'function ' || n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"));
        return out;
    }

    @Test
    void everyReadOnlyFeatureRunsWithoutErrorAndWithoutACatalogChange() {
        List<String> before = catalog();
        Map<String, Object> results = new LinkedHashMap<>();
        String query = "SELECT u.name, o.total FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = :status AND o.created_at >= :since";
        try (DataFlow ro = DataFlow.configure().url(roleUrl()).pool(1, 2, 30).open()) {
            run(results, "status", ro::status);
            QueryPlan plan = ro.plans().analyze(query, PlanOptions.defaults().param("status", "pending").param("since", "2026-03-01"));
            results.put("plan analysis", plan);
            // what-if needs HypoPG or table ownership (indexes made in a rolled-back transaction): refused, saying so
            whatIf(results, "plan suggestions", () -> ro.plans().suggest(plan));
            run(results, "index issues", () -> ro.plans().indexIssues());
            whatIf(results, "index advice", () -> ro.advisor().advise(Workload.parse(
                    "SELECT * FROM orders WHERE status = 'pending' AND created_at > now() - interval '1 day';", "workload"), AdvisorOptions.defaults()));
            run(results, "statistics report", () -> ro.statistics().analyze(AnalysisRequest.all()));
            run(results, "statistics plan", () -> ro.statistics().plan(UpdateRequest.analyze("orders", "users")));
            run(results, "bloat report", () -> ro.maintenance().bloat().check(BloatRequest.defaults()));
            LockReport locks = ro.locks().monitor(LockMonitorOptions.defaults());
            results.put("lock report", locks);
            assertThat(locks.deadlocks().rememberedIn()).startsWith("memory");
            assertThat(ro.locks().monitor(LockMonitorOptions.defaults()).deadlocks().sinceLastCheck()).isZero(); // counted in memory
            run(results, "rewrite", () -> ro.rewriter().optimize(
                    "SELECT * FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) > 10", RewriteOptions.defaults()));
            run(results, "tuning recommendation", () -> ro.tuner().recommend(TuneOptions.defaults()));
            run(results, "open alerts", () -> ro.monitor().openAlerts());
            run(results, "jobs", () -> ro.scheduler().jobs());
            run(results, "managed views", () -> ro.mviews().status());
            run(results, "query", () -> ro.query("SELECT count(*) AS n FROM orders WHERE status = :s", Map.of("s", "pending")).rows());
        }
        assertThat(results).doesNotContainValue(null);
        assertThat(catalog()).isEqualTo(before);
        assertThat(db.value("SELECT to_regnamespace('dataflow')")).isNull();
    }

    private static void run(Map<String, Object> results, String feature, Supplier<Object> call) {
        try {
            results.put(feature, call.get());
        } catch (RuntimeException e) {
            throw new AssertionError(feature + " failed for a read-only role: " + e.getMessage(), e);
        }
    }

    /** Succeeds with HypoPG installed; without it, fails naming what the role lacks and how to get it. */
    private static void whatIf(Map<String, Object> results, String feature, Supplier<Object> call) {
        try {
            results.put(feature, call.get());
        } catch (RuntimeException e) {
            assertThat(e.getMessage()).as(feature).contains("must be owner").contains("HypoPG");
            results.put(feature, e.getMessage());
        }
    }

    @Test
    void aFeatureThatKeepsStateCreatesOnlyItsOwnTablesInTheConfiguredSchema() {
        try (DataFlow owner = DataFlow.configure().url(db.url()).stateSchema("app_state").pool(1, 2, 30).open()) {
            assertThat(owner.state().name()).isEqualTo("app_state");
            assertThat(owner.scheduler().jobs()).isEmpty();
            assertThat(db.value("SELECT to_regnamespace('app_state')")).isNull(); // listing created nothing
            owner.scheduler().register("nightly_stats", "daily", "StatisticsUpdateNode", Map.of("tables", List.of("orders")), null);
            assertThat(owner.scheduler().jobs()).extracting(j -> j.name()).containsExactly("nightly_stats");
            owner.locks().rememberInDatabase();
            assertThat(owner.locks().monitor(LockMonitorOptions.defaults()).deadlocks().rememberedIn()).isEqualTo("\"app_state\".lock_monitor_state");
        }
        assertThat(db.column("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'app_state' AND c.relkind = 'r' ORDER BY 1"))
                .containsExactly("job_runs", "jobs", "lock_monitor_state", "migrations");
        assertThat(db.column("SELECT name FROM app_state.migrations ORDER BY 1")).containsExactly("V001__jobs.sql", "V040__locks.sql");
        assertThat(db.value("SELECT to_regnamespace('dataflow')")).isNull();
    }

    @Test
    void aSchemaADbaCreatedIsUsedByARoleThatMayNotCreateSchemas() {
        db.execute("CREATE SCHEMA app_state; GRANT USAGE, CREATE ON SCHEMA app_state TO " + role);
        try (DataFlow ro = DataFlow.configure().url(roleUrl()).stateSchema("app_state").pool(1, 2, 30).open()) {
            ro.scheduler().register("nightly_stats", "daily", "StatisticsUpdateNode", Map.of("tables", List.of("orders")), null);
            assertThat(ro.scheduler().jobs()).extracting(j -> j.name()).containsExactly("nightly_stats");
        }
        assertThat(db.column("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'app_state' AND c.relkind = 'r' ORDER BY 1")).containsExactly("job_runs", "jobs", "migrations");
    }

    @Test
    void theCliTakesTheStateSchemaAndGivesItsOwnHintForAMissingParameter(@TempDir Path dir) throws Exception {
        Path flow = dir.resolve("flow.yaml");
        Files.writeString(flow, "nodes:\n  - {type: TickNode, id: nightly_tick, config: {label: cli, schedule: daily}}\n");
        Cli.Run scheduled = Cli.run("run", flow.toString(), "--url", db.url(), "--state-schema", "cli_state");
        assertThat(scheduled.exit()).as(scheduled.err()).isZero();
        assertThat(db.column("SELECT name FROM cli_state.jobs")).containsExactly("nightly_tick");
        assertThat(db.value("SELECT to_regnamespace('dataflow')")).isNull();
        assertThat(Cli.run("jobs", "--url", db.url(), "--state-schema", "cli_state").out()).contains("nightly_tick");

        String sql = "SELECT * FROM orders WHERE status = :s AND total > 10";
        Cli.Run missing = Cli.run("rewrite", "--sql", sql, "--url", db.url());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("no value was given").contains("hint: pass it with --param s=VALUE");
        Cli.Run given = Cli.run("rewrite", "--sql", sql, "--param", "s=pending", "--url", db.url(), "--json");
        assertThat(given.exit()).as(given.err()).isZero();
    }
}
