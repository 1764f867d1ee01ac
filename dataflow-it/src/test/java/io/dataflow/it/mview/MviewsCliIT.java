package io.dataflow.it.mview;

import io.dataflow.it.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.TestServers;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** ./dataflow mviews status and ./dataflow mviews refresh NAME. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class MviewsCliIT {

    final TestServers.Server server;
    MviewDatabase m;

    MviewsCliIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void open() {
        m = new MviewDatabase(server);
        m.orders(1, 10, "now()");
        m.ok("IncrementalMaterializedViewNode", Map.of("name", "daily_sales_summary", "base_query", MviewDatabase.DAILY_SALES));
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void statusShowsPendingRowsAndRefreshMergesThem() {
        m.orders(11, 14, "now()");
        String status = run("mviews", "status", "--url", m.db.url());
        assertThat(status).contains("daily_sales_summary").contains("incremental").contains(" 4 ");
        String refresh = run("mviews", "refresh", "daily_sales_summary", "--url", m.db.url());
        assertThat(refresh).startsWith("daily_sales_summary: upsert in");
        assertThat(m.rows("SELECT * FROM daily_sales_summary")).isEqualTo(m.rows(IncrementalViewIT.ALL));
        assertThat(run("mviews", "status", "daily_sales_summary", "--json", "--url", m.db.url())).contains("\"pending_rows\" : 0");
    }

    @Test
    void dropRemovesTheViewItsCaptureAndItsJobButRefusesWhatDataFlowDoesNotManage() {
        m.ok("MaterializedViewNode", Map.of("name", "sales_mv", "query", IncrementalViewIT.ALL,
                "refresh", Map.of("method", "concurrent", "schedule", "hourly")));
        assertThat(run("mviews", "drop", "daily_sales_summary", "--url", m.db.url())).contains("capture triggers").contains("summary table");
        assertThat(run("mviews", "drop", "sales_mv", "--json", "--url", m.db.url())).contains("refresh job");
        assertThat(m.db.value("SELECT count(*) FROM pg_class WHERE relname IN ('daily_sales_summary', 'daily_sales_summary_delta', 'sales_mv')")).isEqualTo("0");
        assertThat(m.db.value("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'orders'::regclass AND NOT tgisinternal")).isEqualTo("0");
        assertThat(m.db.value("SELECT count(*) FROM dataflow.mviews")).isEqualTo("0");
        assertThat(m.db.value("SELECT count(*) FROM dataflow.jobs")).isEqualTo("0");
        m.orders(20, 21, "now()"); // inserts no longer captured, and nothing fails
        m.db.execute("CREATE TABLE mine (id int)");
        Cli.Run refused = Cli.run("mviews", "drop", "mine", "--url", m.db.url());
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("no materialized view named mine is managed by DataFlow; nothing was dropped");
        assertThat(m.db.value("SELECT to_regclass('mine') IS NOT NULL")).isEqualTo("t");
    }

    /** Runs the CLI in-process; the command must succeed. */
    static String run(String... args) {
        Cli.Run run = Cli.run(args);
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        return run.out();
    }
}
