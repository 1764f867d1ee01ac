package io.dataflow.it.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.TestServers;
import io.dataflow.schedule.Job;
import io.dataflow.workflow.Results;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The guide's {@code "schedule": "daily"} registers a job instead of running the statistics node now. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class StatisticsScheduleIT {

    final TestServers.Server server;
    StatsDatabase s;

    StatisticsScheduleIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void tables() {
        s = new StatsDatabase(server);
        s.db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, status text) WITH (autovacuum_enabled = false);"
                + " INSERT INTO orders SELECT g, 'done' FROM generate_series(1, 1000) g");
    }

    @AfterEach
    void drop() {
        s.close();
    }

    @Test
    void aDailyUpdateIsAJobAndDoesNotRunNow() {
        Results r = s.run("StatisticsUpdateNode", "update_stats",
                Map.of("tables", List.of("orders"), "sample_rate", 100, "columns", "all", "schedule", "daily"));
        assertThat(r.output("update_stats")).containsEntry("scheduled", true).containsEntry("job", "update_stats")
                .containsEntry("schedule", "daily");

        Job job = s.flow.scheduler().job("update_stats").orElseThrow();
        assertThat(job.schedule()).isEqualTo("daily");
        assertThat(job.nodeType()).isEqualTo("StatisticsUpdateNode");
        assertThat(job.config()).containsEntry("tables", List.of("orders")).containsEntry("sample_rate", 100).doesNotContainKey("schedule");
        assertThat(s.storedTarget("orders", "status")).isEqualTo(s.defaultStored());
        assertThat(s.lastAnalyze("orders")).isNull();
    }

    @Test
    void theRegisteredJobRunsTheUpdateWhenRunNow() {
        s.run("StatisticsUpdateNode", "update_stats", Map.of("tables", List.of("orders"), "sample_rate", 20, "schedule", "daily"));
        assertThat(s.flow.scheduler().runNow("update_stats").status()).isEqualTo("ok");
        assertThat(s.storedTarget("orders", "status")).isEqualTo("2000");
        assertThat(s.lastAnalyze("orders")).isNotNull();
    }

    @Test
    void anAnalyzerCanBeScheduledWeekly() {
        s.run("StatisticsAnalyzerNode", "check_stats", Map.of("check", List.of("outdated_statistics"), "schedule", "weekly"))
                .output("check_stats");
        assertThat(s.flow.scheduler().job("check_stats")).get().extracting(Job::schedule).isEqualTo("weekly");
    }
}
