package io.dataflow.it.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.tune.ApplyReport;
import io.dataflow.tune.AppliedSetting;
import io.dataflow.tune.InvalidSettingsException;
import io.dataflow.tune.PlannedSetting;
import io.dataflow.tune.RevertReport;
import io.dataflow.tune.Sizes;
import io.dataflow.tune.StorageType;
import io.dataflow.tune.TuneException;
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

/**
 * ALTER SYSTEM for real, on the embedded throw-away server only (it changes the whole server; the
 * DATAFLOW_TEST_URL server is never touched here). Every test restores postgresql.auto.conf.
 */
class TuneApplyIT {

    final TestServers.Server server = TestServers.embedded();
    TestDatabase db;
    DataFlow flow;
    ServerConfigGuard guard;

    @BeforeEach
    void open() {
        guard = ServerConfigGuard.on(server);
        db = server.freshDatabase();
        flow = db.open();
    }

    @AfterEach
    void close() {
        try {
            flow.close();
            db.close();
        } finally {
            guard.close();
        }
    }

    @Test
    void reloadSettingsTakeEffectPostmasterOnesWaitForARestartAndRevertRestoresTheOriginals() {
        Map<String, String> before = show();
        Map<String, String> autoConfBefore = ServerConfigGuard.autoConf(server);
        // 2GB, 4 CPUs, SSD, web, 100 connections; by PgTune: work_mem = (2097152 - 524288) / ((100 + 4) x 3) = 5041.2 kB
        TuningPlan plan = flow.tuner().recommend(TuneOptions.defaults().workload(Workload.WEB).ram(2 * Sizes.GB).cpus(4)
                .storage(StorageType.SSD).connections(100));
        ApplyReport report = flow.tuner().apply(plan, "TuneApplyIT");

        Map<String, String> reloadable = Map.ofEntries(Map.entry("effective_cache_size", "1536MB"), Map.entry("maintenance_work_mem", "128MB"),
                Map.entry("random_page_cost", "1.1"), Map.entry("effective_io_concurrency", "200"), Map.entry("work_mem", "5041kB"),
                Map.entry("jit", "off"), Map.entry("min_wal_size", "1GB"), Map.entry("max_wal_size", "4GB"),
                Map.entry("max_parallel_workers_per_gather", "2"), Map.entry("max_parallel_workers", "4"),
                Map.entry("max_parallel_maintenance_workers", "2"), Map.entry("checkpoint_completion_target", "0.9"),
                Map.entry("default_statistics_target", "100"));
        reloadable.forEach((name, value) -> assertThat(db.value("SHOW " + name)).as(name).isEqualTo(value));
        List<String> postmaster = List.of("shared_buffers", "wal_buffers", "huge_pages", "max_worker_processes");
        for (String name : postmaster) {
            assertThat(db.value("SELECT pending_restart FROM pg_settings WHERE name = '" + name + "'")).as(name).isEqualTo("t");
            assertThat(db.value("SHOW " + name)).as(name + " keeps its running value").isEqualTo(before.get(name));
        }
        assertThat(report.withStatus("pending_restart")).containsExactlyInAnyOrderElementsOf(postmaster);
        Map<String, PlannedSetting> planned = plan.settings().stream().collect(Collectors.toMap(PlannedSetting::name, Function.identity()));
        assertThat(report.withStatus("applied")).allSatisfy(n -> assertThat(reloadable).containsKey(n))
                .containsExactlyInAnyOrderElementsOf(reloadable.keySet().stream().filter(n -> planned.get(n).change()).toList());
        assertThat(report.withStatus("unchanged")).allSatisfy(n -> assertThat(planned.get(n).change()).isFalse());
        assertThat(report.runId()).isNotNull();
        assertThat(db.value("SELECT status FROM dataflow.tuning_runs WHERE id = " + report.runId())).isEqualTo("applied");
        assertThat(ServerConfigGuard.autoConf(server)).containsEntry("shared_buffers", "512MB").containsEntry("work_mem", "5041kB");

        RevertReport reverted = flow.tuner().revert();
        assertThat(reverted.runs()).containsExactly(report.runId());
        assertThat(show()).isEqualTo(before);
        assertThat(db.column("SELECT name FROM pg_settings WHERE pending_restart")).isEmpty();
        assertThat(ServerConfigGuard.autoConf(server)).isEqualTo(autoConfBefore);
        assertThat(reverted.settings()).extracting(AppliedSetting::status).containsOnly("restored");
        assertThat(db.value("SELECT status FROM dataflow.tuning_runs WHERE id = " + report.runId())).isEqualTo("reverted");
        assertThat(flow.tuner().revert().notes()).anyMatch(n -> n.startsWith("nothing to revert"));
    }

    @Test
    void aPreviousAlterSystemValueIsSetBackNotReset() {
        db.execute("ALTER SYSTEM SET random_page_cost = 3");
        db.execute("SELECT pg_reload_conf()");
        ApplyReport report = flow.tuner().apply(flow.tuner().plan(Map.of("random_page_cost", 1.1)), "TuneApplyIT");
        assertThat(report.withStatus("applied")).containsExactly("random_page_cost");
        assertThat(db.value("SHOW random_page_cost")).isEqualTo("1.1");
        assertThat(db.value("SELECT previous_auto_conf FROM dataflow.tuning_changes WHERE run_id = " + report.runId())).isEqualTo("3");

        flow.tuner().revert();
        assertThat(ServerConfigGuard.autoConf(server)).containsEntry("random_page_cost", "3");
        assertThat(db.value("SHOW random_page_cost")).isEqualTo("3");
    }

    @Test
    void runsAreRevertedNewestFirstBackToTheOriginal() {
        String original = db.value("SHOW work_mem");
        flow.tuner().apply(flow.tuner().plan(Map.of("work_mem", "8MB")), "first");
        flow.tuner().apply(flow.tuner().plan(Map.of("work_mem", "16MB")), "second");
        assertThat(db.value("SHOW work_mem")).isEqualTo("16MB");
        RevertReport reverted = flow.tuner().revert();
        assertThat(reverted.runs()).hasSize(2);
        assertThat(db.value("SHOW work_mem")).isEqualTo(original);
        assertThat(ServerConfigGuard.autoConf(server)).doesNotContainKey("work_mem");
    }

    @Test
    void aSettingChangedByHandSinceIsLeftAloneByTheRevert() {
        flow.tuner().apply(flow.tuner().plan(Map.of("random_page_cost", 1.2)), "TuneApplyIT");
        db.execute("ALTER SYSTEM SET random_page_cost = 2");
        RevertReport reverted = flow.tuner().revert();
        assertThat(reverted.settings()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo("not_reverted");
            assertThat(s.note()).contains("holds '2'").contains("not the '1.2' DataFlow set");
        });
        assertThat(ServerConfigGuard.autoConf(server)).containsEntry("random_page_cost", "2");
    }

    @Test
    void invalidSettingsApplyNothing() {
        Map<String, String> before = show();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("random_page_cost", 1.1);
        settings.put("work_mem", "abc");
        settings.put("shared_buffers", "64kB");
        settings.put("effective_io_concurency", 200);
        settings.put("wal_buffers", "64XB");
        InvalidSettingsException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSettingsException.class,
                () -> flow.tuner().apply(flow.tuner().plan(settings), "TuneApplyIT"));
        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage()).contains("the server allows 64kB .. 2147483647kB").contains("the server allows 128kB ..")
                .contains("did you mean 'effective_io_concurrency'?").contains("'XB' is not a unit");
        assertThat(show()).isEqualTo(before);
        assertThat(ServerConfigGuard.autoConf(server)).doesNotContainKeys("random_page_cost");
        assertThat(db.value("SELECT to_regclass('dataflow.tuning_runs')")).isNull();
    }

    @Test
    void aFailingAlterSystemPutsBackTheOnesWrittenBeforeIt() {
        String original = db.value("SHOW random_page_cost");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("random_page_cost", 1.7);
        settings.put("TimeZone", "Mars/Olympus_Mons"); // a text setting: only the server's own check refuses it
        assertThatThrownBy(() -> flow.tuner().apply(flow.tuner().plan(settings), "TuneApplyIT"))
                .isInstanceOf(TuneException.class)
                .hasMessageContaining("ALTER SYSTEM SET TimeZone = 'Mars/Olympus_Mons' failed")
                .hasMessageContaining("the 1 setting(s) written before it were restored")
                .hasMessageContaining("nothing was applied");
        assertThat(ServerConfigGuard.autoConf(server)).doesNotContainKeys("random_page_cost", "TimeZone");
        assertThat(db.value("SHOW random_page_cost")).isEqualTo(original);
        assertThat(db.value("SELECT status FROM dataflow.tuning_runs")).isEqualTo("failed");
        assertThat(flow.tuner().revert().runs()).isEmpty();
    }

    @Test
    void withoutTheAlterSystemPrivilegeTheErrorNamesItAndNothingIsApplied() {
        String role = "tune_" + Long.toHexString(System.nanoTime());
        db.execute("CREATE ROLE " + role + " LOGIN");
        db.execute("GRANT pg_read_all_settings TO " + role); // DataFlow.open reads shared_preload_libraries
        try (DataFlow asRole = DataFlow.configure().url(db.jdbcUrl() + "?user=" + role).pool(1, 2, 10).open()) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("random_page_cost", 1.1);
            settings.put("effective_io_concurrency", 200);
            assertThatThrownBy(() -> asRole.tuner().apply(asRole.tuner().plan(settings), "TuneApplyIT"))
                    .isInstanceOf(TuneException.class)
                    .hasMessageContaining("role " + role + " lacks the privileges")
                    .hasMessageContaining("ALTER SYSTEM on parameter random_page_cost, effective_io_concurrency")
                    .hasMessageContaining("GRANT ALTER SYSTEM ON PARAMETER random_page_cost, effective_io_concurrency TO " + role)
                    .hasMessageContaining("EXECUTE on pg_catalog.pg_reload_conf()")
                    .hasMessageContaining("nothing was applied");

            // Some grants: the message names exactly what is still missing.
            db.execute("GRANT ALTER SYSTEM ON PARAMETER random_page_cost TO " + role);
            db.execute("GRANT EXECUTE ON FUNCTION pg_catalog.pg_reload_conf(), pg_catalog.pg_show_all_file_settings() TO " + role);
            assertThatThrownBy(() -> asRole.tuner().apply(asRole.tuner().plan(settings), "TuneApplyIT"))
                    .hasMessageContaining("Missing: ALTER SYSTEM on parameter effective_io_concurrency (")
                    .hasMessageNotContaining("EXECUTE on");
            assertThat(ServerConfigGuard.autoConf(server)).doesNotContainKeys("random_page_cost", "effective_io_concurrency");

            // All of them (PostgreSQL 15+): a non-superuser applies and reverts.
            db.execute("GRANT ALTER SYSTEM ON PARAMETER effective_io_concurrency TO " + role);
            db.execute("GRANT CREATE ON DATABASE " + db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1).replaceFirst("\\?.*", "") + " TO " + role);
            ApplyReport report = asRole.tuner().apply(asRole.tuner().plan(settings), "TuneApplyIT");
            assertThat(report.withStatus("applied")).containsExactly("random_page_cost", "effective_io_concurrency");
            assertThat(db.value("SHOW effective_io_concurrency")).isEqualTo("200");
            asRole.tuner().revert();
            assertThat(ServerConfigGuard.autoConf(server)).doesNotContainKeys("random_page_cost", "effective_io_concurrency");
        } finally {
            db.execute("DROP OWNED BY " + role); // also revokes the parameter and function grants
            db.execute("DROP ROLE " + role);
        }
    }

    /** Every setting's SHOW value with its pending_restart flag. */
    private Map<String, String> show() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String row : db.column("SELECT name || '=' || current_setting(name) || CASE WHEN pending_restart THEN ' (pending restart)'"
                + " ELSE '' END FROM pg_settings ORDER BY name")) {
            int eq = row.indexOf('=');
            out.put(row.substring(0, eq), row.substring(eq + 1));
        }
        return out;
    }
}
