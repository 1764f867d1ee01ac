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

    /** Runs the CLI in-process; the command must succeed. */
    static String run(String... args) {
        Cli.Run run = Cli.run(args);
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        return run.out();
    }
}
