package io.dataflow.it.tune;

import io.dataflow.it.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ./dataflow tune: a dry run by default, --apply and --revert (on the embedded server only), usage errors before connecting. */
class TuneCliIT {

    final TestServers.Server server = TestServers.embedded();
    TestDatabase db;

    @BeforeEach
    void freshDatabase() {
        db = server.freshDatabase();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void aDryRunPrintsCurrentRecommendedReasonAndRestart() {
        Cli.Run run = Cli.run("tune", "--url", db.url(), "--workload", "web", "--storage", "ssd", "--ram", "16GB", "--cpus", "8",
                "--connections", "200");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("PostgreSQL ").contains(", web workload").contains("RAM          16GB (given)")
                .containsPattern("shared_buffers\\s+128MB\\s+->\\s+4GB\\s+yes\\s+1/4 of RAM")
                .containsPattern("work_mem\\s+4MB\\s+->\\s+20164kB\\s+no\\s+\\(RAM 16GB - shared_buffers 4GB\\) / \\(\\(max_connections 200 \\+ 8 workers\\) x 3\\)")
                .containsPattern("checkpoint_completion_target\\s+0.9\\s+=\\s+0.9\\s+no\\s+already set")
                .contains("Dry run: nothing was changed");
        assertThat(db.value("SHOW work_mem")).isEqualTo("4MB");
    }

    @Test
    void jsonHasTheSameFactsAndSaysWhereDetectedOnesCameFrom() throws Exception {
        Cli.Run run = Cli.run("tune", "--url", db.url(), "--workload", "dw", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode plan = new ObjectMapper().readTree(run.out());
        assertThat(plan.get("inputs").get("workload").asText()).isEqualTo("dw");
        assertThat(plan.get("inputs").get("ram_source").asText()).isNotEqualTo("given");
        assertThat(plan.get("inputs").get("server_on_this_machine").asBoolean()).isTrue();
        assertThat(plan.get("settings").findValuesAsText("name")).contains("shared_buffers", "default_statistics_target").doesNotContain("jit");
        assertThat(plan.get("settings").get(0).has("restart")).isTrue();
        assertThat(plan.get("notes").toString()).contains("hardware not given was read on this machine");
    }

    @Test
    void applyThenRevertOnTheEmbeddedServer() throws Exception {
        try (ServerConfigGuard guard = ServerConfigGuard.on(server)) {
            String before = db.value("SHOW random_page_cost");
            Cli.Run apply = Cli.run("tune", "--url", db.url(), "--ram", "2GB", "--cpus", "4", "--storage", "ssd", "--apply");
            assertThat(apply.exit()).as(apply.err()).isZero();
            assertThat(apply.out()).containsPattern("pending_restart\\s+shared_buffers\\s+128MB -> 128MB  \\(512MB after a restart\\)")
                    .containsPattern("applied\\s+random_page_cost\\s+4 -> 1.1").contains("--revert restores them");
            assertThat(db.value("SHOW random_page_cost")).isEqualTo("1.1");
            assertThat(db.value("SELECT pending_restart FROM pg_settings WHERE name = 'shared_buffers'")).isEqualTo("t");

            Cli.Run revert = Cli.run("tune", "--url", db.url(), "--revert", "--json");
            assertThat(revert.exit()).as(revert.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(revert.out());
            assertThat(report.get("runs")).hasSize(1);
            assertThat(db.value("SHOW random_page_cost")).isEqualTo(before);
            assertThat(db.column("SELECT name FROM pg_settings WHERE pending_restart")).isEmpty();
            assertThat(Cli.run("tune", "--url", db.url(), "--revert").out()).contains("nothing to revert");
        }
    }

    @Test
    void badOptionsAreRefusedBeforeConnecting() {
        String nowhere = "postgresql://nobody@127.0.0.1:1/none";
        Cli.Run storage = Cli.run("tune", "--url", nowhere, "--storage", "floppy");
        assertThat(storage.exit()).isEqualTo(2);
        assertThat(storage.err()).contains("'floppy' is not a storage type").contains("accepted: hdd, ssd, san, nvme").doesNotContain("connect");
        assertThat(Cli.run("tune", "--url", nowhere, "--workload", "olap").err()).contains("'olap' is not a workload");
        assertThat(Cli.run("tune", "--url", nowhere, "--ram", "lots").err()).contains("'lots' is not a size");
        assertThat(Cli.run("tune", "--url", nowhere, "--apply", "--revert").err()).contains("--apply and --revert cannot be used together");
    }
}
