package io.dataflow.it.plan;

import io.dataflow.it.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ./dataflow analyze}: the plan tree with findings marked, or the JSON keys scripts rely on. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class PlanCliIT extends DemoCopyTest {


    PlanCliIT(TestServers.Server server) {
        super(server);
    }

    @Test
    void analyzePrintsTheTreeWithFindingsMarked() {
        Cli.Run run = Cli.run("analyze", "--sql", DemoFixture.GUIDE_QUERY, "--param", "start_date=" + DemoFixture.startDate(), "--url", db.url());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("#1 Limit").contains("Seq Scan on orders o").contains("!! seq_scan_filter")
                .contains("Filter: ").contains("execution")
                .contains("Suggestions:").contains("[missing_indexes]").contains("CREATE INDEX CONCURRENTLY \"idx_orders_status_created_at\"");
    }

    @Test
    void analyzeJsonHasTheDocumentedKeys() throws Exception {
        Cli.Run run = Cli.run("analyze", "--sql", "SELECT count(*) FROM orders WHERE created_at >= :d", "--param", "d:date=2026-01-01",
                "--url", db.url(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        for (String key : new String[] {"plan", "total_cost", "execution_ms", "findings", "suggestions"}) assertThat(json.has(key)).as(key).isTrue();
        assertThat(json.get("param_types").get("d").asText()).isEqualTo("date");
        assertThat(json.get("suggestions").isArray()).isTrue();
        for (JsonNode s : json.get("suggestions")) {
            for (String key : new String[] {"kind", "explanation", "sql", "cost_before", "cost_after", "ms_before", "ms_after"}) {
                assertThat(s.has(key)).as(key).isTrue();
            }
        }
    }

    @Test
    void refusalsAreErrorsWithThePosition() {
        Cli.Run bad = Cli.run("analyze", "--sql", "SELECT * FROM orders WHERE status = = 'x'", "--url", db.url());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("position 37").contains("^");
        Cli.Run notQuery = Cli.run("analyze", "--sql", "TRUNCATE orders", "--url", db.url());
        assertThat(notQuery.exit()).isEqualTo(2);
        assertThat(notQuery.err()).contains("'TRUNCATE' is not a query");
        assertThat(db.value("SELECT count(*) > 0 FROM orders")).isEqualTo("t");
    }
}
