package io.dataflow.it.plan;

import io.dataflow.it.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ./dataflow advise}: the documented JSON keys, the text report, --apply, refusals. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class AdviseCliIT extends DemoCopyTest {


    AdviseCliIT(TestServers.Server server) {
        super(server);
    }

    @Test
    void jsonHasTheDocumentedKeysAndApplyCreatesTheIndexes() throws Exception {
        Cli.Run run = Cli.run("advise", "--sql-file", "../examples/guide-workload.sql", "--budget-mb", "20", "--max-indexes", "5",
                "--url", db.url(), "--json", "--apply");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        for (String key : new String[] {"indexes", "workload_cost_before", "workload_cost_after", "dropped_candidates", "unused_indexes"}) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        assertThat(json.get("indexes").size()).isBetween(1, 5);
        for (JsonNode i : json.get("indexes")) {
            for (String key : new String[] {"table", "columns", "include", "where", "sql", "size_bytes", "benefit_pct"}) {
                assertThat(i.has(key)).as(key).isTrue();
            }
        }
        assertThat(json.get("workload_cost_after").asDouble()).isLessThan(json.get("workload_cost_before").asDouble());
        assertThat(json.get("applied").size()).isEqualTo(json.get("indexes").size());
        assertThat(Integer.parseInt(db.value("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'idx_%'")))
                .isEqualTo(json.get("indexes").size());
    }

    @Test
    void textReportAndRefusals(@TempDir Path dir) throws Exception {
        Cli.Run run = Cli.run("advise", "--sql-file", "../examples/guide-workload.sql", "--url", db.url());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("18 statements").contains("Workload cost").contains("CREATE INDEX CONCURRENTLY");
        Path bad = Files.writeString(dir.resolve("bad.sql"), "SELECT 1;\nDELETE FROM users;\nTRUNCATE users;");
        Cli.Run refused = Cli.run("advise", "--sql-file", bad.toString(), "--url", db.url());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("bad.sql:3").contains("'TRUNCATE' is not a query");
        assertThat(Cli.run("advise", "--url", db.url()).exit()).isEqualTo(2); // a source is required
    }
}
