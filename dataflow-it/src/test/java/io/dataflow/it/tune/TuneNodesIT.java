package io.dataflow.it.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.config.ConfigException;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.tune.PlannedSetting;
import io.dataflow.tune.TuneInputs;
import io.dataflow.workflow.NodeResult;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.WorkflowBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guide's SSDOptimizationNode and MemoryConfigNode in workflows. With apply: false on every
 * test server; with apply on (the guide's default) only on the embedded one, reverted after.
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class TuneNodesIT {

    static final Map<String, Object> GUIDE_SSD_SETTINGS = guideSettings();

    final TestServers.Server server;
    TestDatabase db;
    DataFlow flow;

    TuneNodesIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void open() {
        db = server.freshDatabase();
        flow = db.open();
    }

    @AfterEach
    void close() {
        flow.close();
        db.close();
    }

    @Test
    void theGuidesSnippetsValidateAndShowTheirPlanWithoutApplying() {
        WorkflowBuilder w = flow.workflow();
        w.addNode("SSDOptimizationNode", "optimize_for_ssd", Map.of("settings", GUIDE_SSD_SETTINGS, "apply", false));
        w.addNode("MemoryConfigNode", "configure_memory", Map.of("auto_detect", true, "reserve_os_memory", "2GB",
                "connection_overhead", "10MB", "total_ram", "16GB", "cpus", 8, "apply", false));
        Results results = flow.runtime().execute(w.build());
        assertThat(results.ok()).as(results.toString()).isTrue();

        Map<String, Object> ssd = results.nodes().get("optimize_for_ssd").output();
        assertThat(settings(ssd)).extracting(PlannedSetting::name).containsExactly("random_page_cost", "effective_io_concurrency",
                "wal_buffers", "checkpoint_completion_target", "max_wal_size");
        assertThat(settings(ssd)).filteredOn(s -> s.name().equals("wal_buffers")).singleElement()
                .satisfies(s -> assertThat(s.restart()).isTrue());
        assertThat(ssd.get("run_id")).isNull();
        assertThat((List<?>) ssd.get("notes")).anyMatch(n -> n.toString().contains("apply is false"));

        Map<String, Object> memory = results.nodes().get("configure_memory").output();
        int connections = Integer.parseInt(db.value("SHOW max_connections"));
        long usableMb = 16384 - 2048 - connections * 10L;
        assertThat(settings(memory)).extracting(PlannedSetting::name).containsExactly("shared_buffers", "effective_cache_size",
                "maintenance_work_mem", "wal_buffers", "work_mem", "huge_pages");
        assertThat(settings(memory).get(0).recommended()).as("a quarter of what is left, in whole MB").isEqualTo(usableMb / 4 + "MB");
        assertThat((List<?>) memory.get("notes")).anyMatch(n -> n.toString().startsWith("RAM for the formulas: 16GB - 2GB for the OS - "
                + connections + " connections x 10MB"));
        TuneInputs inputs = (TuneInputs) memory.get("inputs");
        assertThat(inputs.cpus()).isEqualTo(8);
        assertThat(inputs.cpuSource()).isEqualTo("given");
        assertThat(inputs.ram()).isEqualTo("16GB");
        assertThat(inputs.usableRam()).isEqualTo(usableMb + "MB");
        assertThat(db.value("SELECT to_regclass('dataflow.tuning_runs')")).isNull();
    }

    @Test
    void badNodeConfigsAreRefusedWhenTheWorkflowIsBuilt() {
        assertThatThrownBy(() -> flow.workflow().addNode("SSDOptimizationNode", "x", Map.of("settings", Map.of())).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("names no setting");
        assertThatThrownBy(() -> flow.workflow().addNode("MemoryConfigNode", "x", Map.of("auto_detect", false)).build())
                .hasMessageContaining("total_ram").hasMessageContaining("is required when auto_detect is false");
        assertThatThrownBy(() -> flow.workflow().addNode("MemoryConfigNode", "x", Map.of("workload", "wbe")).build())
                .hasMessageContaining("did you mean 'web'?");
        assertThatThrownBy(() -> flow.workflow().addNode("MemoryConfigNode", "x", Map.of("reserve_os_memory", "2 gigs")).build())
                .hasMessageContaining("reserve_os_memory");
    }

    @Test
    void aSettingTheServerRefusesFailsTheNodeWithTheAllowedRange() {
        WorkflowBuilder w = flow.workflow();
        w.addNode("SSDOptimizationNode", "bad", Map.of("settings", Map.of("random_page_cost", -1, "max_wal_size", "4XB")));
        Results results = flow.runtime().execute(w.build());
        NodeResult bad = results.nodes().get("bad");
        assertThat(bad.status()).isEqualTo(NodeResult.Status.FAILED);
        assertThat(bad.error()).contains("SSDOptimizationNode bad").contains("random_page_cost: '-1' is below the minimum; the server allows 0 .. no limit")
                .contains("'XB' is not a unit for max_wal_size").contains("nothing was applied");
        assertThat(db.value("SELECT to_regclass('dataflow.tuning_runs')")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void onTheEmbeddedServerTheGuidesSsdNodeAppliesAndTheTunerRevertsIt() {
        // ALTER SYSTEM changes the whole server: only on the throw-away one, never on DATAFLOW_TEST_URL
        org.junit.jupiter.api.Assumptions.assumeTrue(server.name().startsWith("embedded"), "applies only on the embedded server");
        try (ServerConfigGuard guard = ServerConfigGuard.on(server)) {
            String before = db.value("SHOW random_page_cost");
            WorkflowBuilder w = flow.workflow();
            w.addNode("SSDOptimizationNode", "optimize_for_ssd", Map.of("settings", GUIDE_SSD_SETTINGS));
            Results results = flow.runtime().execute(w.build());
            assertThat(results.ok()).as(results.toString()).isTrue();
            Map<String, Object> out = results.nodes().get("optimize_for_ssd").output();
            assertThat((List<Object>) out.get("applied")).containsExactlyInAnyOrder("random_page_cost", "effective_io_concurrency", "max_wal_size");
            assertThat((List<Object>) out.get("pending_restart")).containsExactly("wal_buffers");
            assertThat((List<Object>) out.get("unchanged")).containsExactly("checkpoint_completion_target");
            assertThat(out.get("run_id")).isNotNull();
            assertThat(db.value("SHOW random_page_cost")).isEqualTo("1.1");
            assertThat(db.value("SHOW max_wal_size")).isEqualTo("4GB");

            flow.tuner().revert();
            assertThat(db.value("SHOW random_page_cost")).isEqualTo(before);
            assertThat(db.column("SELECT name FROM pg_settings WHERE pending_restart")).isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<PlannedSetting> settings(Map<String, Object> output) {
        return (List<PlannedSetting>) output.get("settings");
    }

    private static Map<String, Object> guideSettings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("random_page_cost", 1.1);
        s.put("effective_io_concurrency", 200);
        s.put("wal_buffers", "64MB");
        s.put("checkpoint_completion_target", 0.9);
        s.put("max_wal_size", "4GB");
        return s;
    }
}
