package io.dataflow.it.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.config.ConfigException;
import io.dataflow.it.MutableClock;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.schedule.Job;
import io.dataflow.schedule.JobRun;
import io.dataflow.workflow.Results;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class SchedulerIT {

    static final Instant T0 = Instant.parse("2026-11-27T10:30:00Z");
    final TestServers.Server server;
    TestDatabase db;
    MutableClock clock;
    DataFlow flow;

    SchedulerIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void open() {
        db = server.freshDatabase();
        clock = new MutableClock(T0);
        flow = DataFlow.configure().url(db.url()).pool(1, 4, 10).clock(clock).open();
    }

    @AfterEach
    void close() {
        flow.close();
        db.close();
    }

    private int ticks() {
        List<String> rows = db.column("SELECT count(*) FROM ticks");
        return Integer.parseInt(rows.get(0));
    }

    @Test
    void aScheduleKeyRegistersAJobInsteadOfRunning() {
        Results r = flow.runtime().execute(flow.workflow().addNode("TickNode", "hourly_tick", Map.of("label", "a", "schedule", "hourly")).build());
        assertThat(r.output("hourly_tick")).containsEntry("scheduled", true).containsEntry("job", "hourly_tick")
                .containsEntry("schedule", "hourly").containsEntry("next_run", "2026-11-27T11:00:00Z");
        Job job = flow.scheduler().job("hourly_tick").orElseThrow();
        assertThat(job.nodeType()).isEqualTo("TickNode");
        assertThat(job.config()).containsEntry("label", "a").doesNotContainKey("schedule");
        assertThat(db.value("SELECT to_regclass('ticks')")).isNull(); // nothing ran
    }

    @Test
    void aJobThatThrowsStackOverflowErrorIsRecordedFailedAndTheNextJobStillRuns() {
        flow.scheduler().register("a_deep", "hourly", "ThrowNode", Map.of("error", "stack_overflow"), null);
        flow.scheduler().register("b_tick", "hourly", "TickNode", Map.of("label", "after"), null);
        clock.set(Instant.parse("2026-11-27T11:00:01Z"));
        Map<String, JobRun> runs = flow.scheduler().runDue().stream().collect(java.util.stream.Collectors.toMap(JobRun::job, r -> r));
        assertThat(runs).containsOnlyKeys("a_deep", "b_tick");
        assertThat(runs.get("a_deep").status()).isEqualTo("failed");
        assertThat(runs.get("a_deep").error()).contains("node 'job' (ThrowNode) failed: stack overflow");
        assertThat(runs.get("b_tick").status()).isEqualTo("ok");
        assertThat(ticks()).isEqualTo(1);
        Job deep = flow.scheduler().job("a_deep").orElseThrow();
        assertThat(deep.lastStatus()).isEqualTo("failed");
        assertThat(deep.lastError()).contains("StackOverflowError");
        assertThat(deep.runningSince()).isNull(); // its lease was released
        assertThat(db.value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isEqualTo("0");

        clock.set(Instant.parse("2026-11-27T12:00:01Z")); // the next tick: both run again on time
        assertThat(flow.scheduler().runDue()).extracting(JobRun::status).containsExactlyInAnyOrder("failed", "ok");
        assertThat(ticks()).isEqualTo(2);
    }

    @Test
    void dueJobsRunOnceAndMissedTicksAreCaughtUpOnce() {
        flow.scheduler().register("t", "hourly", "TickNode", Map.of("label", "x"), null);
        assertThat(flow.scheduler().runDue()).isEmpty();
        clock.set(Instant.parse("2026-11-27T11:00:01Z"));
        List<JobRun> runs = flow.scheduler().runDue();
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.status()).isEqualTo("ok");
            assertThat(run.scheduledFor()).isEqualTo(Instant.parse("2026-11-27T11:00:00Z"));
        });
        assertThat(flow.scheduler().runDue()).isEmpty();
        assertThat(ticks()).isEqualTo(1);

        clock.set(Instant.parse("2026-11-27T16:20:00Z")); // five ticks missed while "down"
        assertThat(flow.scheduler().runDue()).hasSize(1);
        assertThat(ticks()).isEqualTo(2);
        Job job = flow.scheduler().job("t").orElseThrow();
        assertThat(job.nextRun()).isEqualTo(Instant.parse("2026-11-27T17:00:00Z"));
        assertThat(job.runCount()).isEqualTo(2);
        assertThat(job.lastStatus()).isEqualTo("ok");
        assertThat(job.runningSince()).isNull();
    }

    @Test
    void jobsSurviveRestartsAndReRegisteringKeepsTheDueTime() {
        flow.scheduler().register("t", "*/15 * * * *", "TickNode", Map.of("label", "x"), null);
        flow.close();
        clock.set(Instant.parse("2026-11-27T10:40:00Z"));
        flow = DataFlow.configure().url(db.url()).pool(1, 4, 10).clock(clock).open();
        flow.scheduler().register("t", "*/15 * * * *", "TickNode", Map.of("label", "y"), null);
        Job job = flow.scheduler().job("t").orElseThrow();
        assertThat(job.nextRun()).isEqualTo(Instant.parse("2026-11-27T10:45:00Z"));
        assertThat(job.config()).containsEntry("label", "y");
    }

    @Test
    void failuresAreRecorded() {
        flow.scheduler().register("bad", "hourly", "TickNode", Map.of("label", "x", "fail", true), null);
        clock.advance(Duration.ofHours(1));
        assertThat(flow.scheduler().runDue()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("failed"));
        Job job = flow.scheduler().job("bad").orElseThrow();
        assertThat(job.lastStatus()).isEqualTo("failed");
        assertThat(job.lastError()).contains("tick failed on purpose");
    }

    @Test
    void aRunLeftByADeadInstanceIsRetried() {
        flow.scheduler().register("t", "hourly", "TickNode", Map.of("label", "x"), null);
        // what a crashed instance leaves: the tick claimed (next_run advanced), a run in progress, no lock holder
        db.execute("UPDATE dataflow.jobs SET next_run = '2026-11-27T12:00:00Z', running_since = '2026-11-27T11:00:00Z',"
                + " running_by = 'dead@host' WHERE name = 't'");
        db.execute("INSERT INTO dataflow.job_runs (job_name, scheduled_for, started_at, status, instance)"
                + " VALUES ('t', '2026-11-27T11:00:00Z', '2026-11-27T11:00:00Z', 'running', 'dead@host')");
        clock.set(Instant.parse("2026-11-27T11:05:00Z"));
        assertThat(flow.scheduler().runDue()).singleElement()
                .satisfies(r -> assertThat(r.scheduledFor()).isEqualTo(Instant.parse("2026-11-27T11:00:00Z")));
        assertThat(db.column("SELECT status FROM dataflow.job_runs ORDER BY id")).containsExactly("abandoned", "ok");
        assertThat(flow.scheduler().job("t").orElseThrow().nextRun()).isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
    }

    @Test
    void heavyJobsWaitForTheirMaintenanceWindow() {
        clock.set(Instant.parse("2026-11-27T23:30:00Z"));
        flow.scheduler().register("heavy", "daily", "TickNode", Map.of("label", "x"), "02:00-05:00");
        clock.set(Instant.parse("2026-11-28T00:00:30Z"));
        assertThat(flow.scheduler().runDue()).isEmpty();
        assertThat(flow.scheduler().job("heavy").orElseThrow().nextRun()).isEqualTo(Instant.parse("2026-11-28T02:00:00Z"));
        clock.set(Instant.parse("2026-11-28T02:00:10Z"));
        assertThat(flow.scheduler().runDue()).hasSize(1);
        assertThat(flow.scheduler().job("heavy").orElseThrow().nextRun()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
    }

    @Test
    void twoInstancesRacingForOneTickRunItOnce() throws Exception {
        flow.scheduler().register("t", "hourly", "TickNode", Map.of("label", "x", "sleep_ms", 300), null);
        clock.set(Instant.parse("2026-11-27T11:00:05Z"));
        try (DataFlow other = DataFlow.configure().url(db.url()).pool(1, 4, 10).clock(clock).open()) {
            CountDownLatch go = new CountDownLatch(1);
            var a = CompletableFuture.supplyAsync(() -> { await(go); return flow.scheduler().runDue().size(); });
            var b = CompletableFuture.supplyAsync(() -> { await(go); return other.scheduler().runDue().size(); });
            go.countDown();
            assertThat(a.get() + b.get()).isEqualTo(1);
        }
        assertThat(ticks()).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void badJobsAreRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> flow.scheduler().register("x", "every tuesday", "TickNode", Map.of("label", "a"), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job x").hasMessageContaining("schedule")
                .hasMessageContaining("5-field cron");
        assertThatThrownBy(() -> flow.scheduler().register("x", "61 * * * *", "TickNode", Map.of("label", "a"), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a valid cron expression");
        assertThatThrownBy(() -> flow.scheduler().register("x", "daily", "TikNode", Map.of("label", "a"), null))
                .hasMessageContaining("did you mean 'TickNode'");
        assertThatThrownBy(() -> flow.scheduler().register("x", "daily", "TickNode", Map.of(), null))
                .hasMessageContaining("key 'label'");
        assertThatThrownBy(() -> flow.scheduler().register("x", "daily", "TickNode", Map.of("label", "a"), "2am-5am"))
                .hasMessageContaining("HH:MM-HH:MM");
        assertThat(flow.scheduler().jobs()).isEmpty();
    }

    @Test
    void oneShotJobsRunOnceAndAreRemoved() {
        flow.scheduler().register("once", "once 2026-11-27T12:00:00Z", "TickNode", Map.of("label", "x"), null);
        clock.set(Instant.parse("2026-11-27T11:59:00Z"));
        assertThat(flow.scheduler().runDue()).isEmpty();
        clock.set(Instant.parse("2026-11-27T12:00:01Z"));
        assertThat(flow.scheduler().runDue()).hasSize(1);
        assertThat(flow.scheduler().job("once")).isEmpty();
        assertThat(db.column("SELECT status FROM dataflow.job_runs WHERE job_name = 'once'")).containsExactly("ok");
    }
}
