package io.dataflow.it.mview;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.cli.Main;
import io.dataflow.it.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

    static synchronized String run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            assertThat(exit).as(o.toString(StandardCharsets.UTF_8)).isZero();
            return o.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
        }
    }
}
