package io.dataflow.it.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.tune.InvalidSettingsException;
import io.dataflow.tune.PlannedSetting;
import io.dataflow.tune.Sizes;
import io.dataflow.tune.StorageType;
import io.dataflow.tune.TuneOptions;
import io.dataflow.tune.TuningPlan;
import io.dataflow.tune.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The read-only side of tuning on every test server: plans, current values, validation. Nothing here changes a server. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class TuneReadIT {

    static final List<String> PGTUNE_SETTINGS = List.of("shared_buffers", "effective_cache_size", "maintenance_work_mem",
            "checkpoint_completion_target", "wal_buffers", "default_statistics_target", "random_page_cost", "effective_io_concurrency",
            "work_mem", "huge_pages", "jit", "min_wal_size", "max_wal_size", "max_worker_processes", "max_parallel_workers_per_gather",
            "max_parallel_workers", "max_parallel_maintenance_workers");

    final TestServers.Server server;
    TestDatabase db;
    DataFlow flow;

    TuneReadIT(TestServers.Server server) {
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
    void aDryRunShowsCurrentRecommendedReasonAndRestartAndChangesNothing() {
        List<String> before = showAll();
        TuningPlan plan = flow.tuner().recommend(TuneOptions.defaults().workload(Workload.WEB).ram(16 * Sizes.GB).cpus(8)
                .storage(StorageType.SSD).connections(200));

        assertThat(plan.settings()).extracting(PlannedSetting::name).containsExactlyInAnyOrderElementsOf(PGTUNE_SETTINGS);
        Map<String, PlannedSetting> byName = plan.settings().stream().collect(Collectors.toMap(PlannedSetting::name, Function.identity()));
        assertThat(byName.get("shared_buffers").recommended()).isEqualTo("4GB");
        assertThat(byName.get("work_mem").recommended()).isEqualTo("20164kB");
        assertThat(byName.get("max_parallel_workers_per_gather").recommended()).isEqualTo("4");
        for (PlannedSetting s : plan.settings()) {
            assertThat(s.current()).as(s.name()).isEqualTo(db.value("SHOW " + s.name()));
            assertThat(s.reason()).as(s.name()).isNotBlank();
            assertThat(s.restart()).as(s.name()).isEqualTo("postmaster".equals(db.value(
                    "SELECT context FROM pg_settings WHERE name = '" + s.name() + "'")));
        }
        assertThat(byName.get("shared_buffers").restart()).isTrue();
        assertThat(byName.get("work_mem").restart()).isFalse();
        assertThat(plan.inputs().ramSource()).isEqualTo("given");
        assertThat(plan.toText()).contains("shared_buffers").contains("->").contains("RESTART").contains("PostgreSQL ").contains(", web workload");

        assertThat(showAll()).isEqualTo(before);
        assertThat(db.value("SELECT to_regclass('dataflow.tuning_runs')")).as("a dry run records nothing").isNull();
    }

    @Test
    void hardwareNotGivenIsDetectedAndTheOutputSaysWhichMachineItDescribes() {
        TuningPlan plan = flow.tuner().recommend(TuneOptions.defaults());
        assertThat(plan.inputs().ramSource()).isNotEqualTo("given");
        assertThat(plan.inputs().cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(plan.inputs().connections()).isEqualTo(Integer.parseInt(db.value("SHOW max_connections")));
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("hardware not given"));
    }

    @Test
    void invalidSettingsAreRefusedWithTheServersRangeBeforeAnythingIsApplied() {
        List<String> before = showAll();
        assertThatThrownBy(() -> flow.tuner().plan(Map.of("work_mem", "abc")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("work_mem: 'abc' is not a whole number")
                .hasMessageContaining("the server allows 64kB .. 2147483647kB");
        assertThatThrownBy(() -> flow.tuner().plan(Map.of("shared_buffers", "64kB")))
                .hasMessageContaining("'64kB' is below the minimum; the server allows 128kB ..");
        assertThatThrownBy(() -> flow.tuner().plan(Map.of("random_page_cst", 1.1)))
                .hasMessageContaining("(did you mean 'random_page_cost'?)");
        assertThatThrownBy(() -> flow.tuner().plan(Map.of("wal_buffers", "64XB")))
                .hasMessageContaining("'XB' is not a unit for wal_buffers; valid units are TB, GB, MB, kB, B")
                .hasMessageContaining("the server allows -1 .. ");
        Map<String, Object> several = new LinkedHashMap<>();
        several.put("effective_io_concurrency", 5000);
        several.put("huge_pages", "sometimes");
        assertThatThrownBy(() -> flow.tuner().plan(several)).hasMessageContaining("2 settings refused")
                .hasMessageContaining("above the maximum; the server allows 0 .. 1000").hasMessageContaining("off, on, try");
        assertThat(showAll()).isEqualTo(before);
    }

    @Test
    void anExplicitSettingEqualToTheCurrentValueIsNoChange() {
        String current = db.value("SELECT setting FROM pg_settings WHERE name = 'random_page_cost'");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("random_page_cost", Double.parseDouble(current));
        settings.put("work_mem", "7MB");
        TuningPlan plan = flow.tuner().plan(settings);
        assertThat(plan.settings().get(0).change()).isFalse();
        assertThat(plan.settings().get(1).change()).isEqualTo(!"7MB".equals(db.value("SHOW work_mem")));
        assertThat(plan.settings().get(1).takesEffect()).isEqualTo("on reload");
    }

    /** Every setting as SHOW prints it, plus which wait for a restart: proof that nothing changed. */
    private List<String> showAll() {
        return db.column("SELECT name || '=' || setting || '/' || pending_restart FROM pg_settings ORDER BY name");
    }
}
