package io.dataflow.schedule;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.config.ConfigException;
import io.dataflow.state.StateFeature;
import io.dataflow.state.StateSchema;
import io.dataflow.workflow.NodeResult;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.Workflow;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scheduled jobs, persisted in {@code dataflow.jobs} so they survive restarts. Any number of
 * instances may share a database: a due job is claimed by advancing its {@code next_run} under a
 * row lock ({@code FOR UPDATE SKIP LOCKED}), so each tick runs once; the claiming instance holds a
 * session advisory lock on the job while it runs, so when that instance dies its lock vanishes with
 * its connection and another instance re-runs the job. A job due while its instance was down runs
 * once at the next check, then resumes its schedule (missed ticks are not replayed one by one).
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");

    private final DataFlow db;
    private final DataSource dataSource;
    private final StateSchema state;
    private final Clock clock;
    private final String instance;
    private BackgroundLoop loop;

    public Scheduler(DataFlow db, StateSchema state, Clock clock) {
        this.db = db;
        this.dataSource = db.dataSource();
        this.state = state;
        this.clock = clock;
        this.instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This process's id in {@code running_by} and {@code job_runs.instance}. */
    public String instance() {
        return instance;
    }

    /**
     * Registers (or updates) a job; validates the node type and config first. Re-registering with
     * the same schedule keeps the job's due time.
     */
    public Job register(String name, String schedule, String nodeType, Map<String, ?> config, String maintenanceWindow) {
        String where = "job " + name;
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigException(where, "name", "a job name is 1-200 letters, digits, _ . : or -");
        }
        Schedule parsed = Schedule.parse(schedule, where, "schedule");
        if (maintenanceWindow != null) MaintenanceWindow.parse(maintenanceWindow, where, "maintenance_window");
        Map<String, Object> stored = withoutSchedule(config);
        workflowFor(nodeType, stored); // refuses an unknown node type or a bad config now, not at 3 a.m.
        state.ensure(StateFeature.JOBS);
        try (Connection c = dataSource.getConnection()) {
            JobStore.upsert(state, c, name, parsed.text(), maintenanceWindow, nodeType, stored, parsed.next(clock.instant()));
            return JobStore.one(state, c, "WHERE name = ?", name).orElseThrow();
        } catch (SQLException e) {
            throw new DataFlowException("cannot register job " + name + ": " + e.getMessage(), e);
        }
    }

    public List<Job> jobs() {
        if (!state.installed(StateFeature.JOBS)) return List.of(); // reading creates nothing
        try (Connection c = dataSource.getConnection()) {
            return JobStore.all(state, c, "ORDER BY name");
        } catch (SQLException e) {
            throw new DataFlowException("cannot read jobs: " + e.getMessage(), e);
        }
    }

    public Optional<Job> job(String name) {
        if (!state.installed(StateFeature.JOBS)) return Optional.empty();
        try (Connection c = dataSource.getConnection()) {
            return JobStore.one(state, c, "WHERE name = ?", name);
        } catch (SQLException e) {
            throw new DataFlowException("cannot read job " + name + ": " + e.getMessage(), e);
        }
    }

    public boolean remove(String name) {
        if (!state.installed(StateFeature.JOBS)) return false;
        try (Connection c = dataSource.getConnection(); var ps = state.prepare(c, "DELETE FROM dataflow.jobs WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DataFlowException("cannot remove job " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs a job now, outside its schedule (still once at a time across instances). */
    public JobRun runNow(String name) {
        Job job = job(name).orElseThrow(() -> new DataFlowException("no job named " + name));
        return claimAndRun(job.name(), false).orElseThrow(() -> new DataFlowException("job " + name + " is running elsewhere right now"));
    }

    /** One pass: runs every due job this instance can claim, and re-runs jobs whose instance died. */
    public List<JobRun> runDue() {
        if (!state.installed(StateFeature.JOBS)) return List.of(); // no job registered yet
        List<JobRun> runs = new ArrayList<>();
        for (String name : candidates()) {
            try {
                claimAndRun(name, true).ifPresent(runs::add);
            } catch (RuntimeException e) { // one job that cannot be claimed or recorded must not hold back the others
                log.warn("job {}: {}", name, e.getMessage());
            }
        }
        return runs;
    }

    /** Checks for due jobs every {@code tick} in the background until {@link #stop()}. */
    public synchronized void start(Duration tick) {
        if (loop != null) return;
        loop = BackgroundLoop.start("dataflow-scheduler", Duration.ZERO, tick, "scheduler pass", this::runDue);
    }

    public synchronized void stop() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private List<String> candidates() {
        try (Connection c = dataSource.getConnection()) {
            List<String> names = new ArrayList<>();
            for (Job j : JobStore.all(state, c, "WHERE next_run <= ? OR running_since IS NOT NULL ORDER BY next_run", clock.instant())) {
                names.add(j.name());
            }
            return names;
        } catch (SQLException e) {
            throw new DataFlowException("cannot read due jobs: " + e.getMessage(), e);
        }
    }

    /**
     * Claims a job under its row lock and its advisory lock, advances its schedule, commits, then
     * runs it while holding the advisory lock on the same connection.
     */
    private Optional<JobRun> claimAndRun(String name, boolean onlyIfDue) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Instant now = clock.instant();
            Optional<Job> row = JobStore.one(state, c, "WHERE name = ? FOR UPDATE SKIP LOCKED", name);
            if (row.isEmpty()) {
                c.rollback();
                return Optional.empty(); // another instance is claiming it right now
            }
            Job job = row.get();
            boolean orphan = job.runningSince() != null;
            boolean due = !job.nextRun().isAfter(now);
            if (onlyIfDue && !due && !orphan) {
                c.rollback();
                return Optional.empty();
            }
            if (!JobStore.tryLock(state, c, name)) {
                c.rollback();
                return Optional.empty(); // running on a live instance
            }
            try {
                Schedule schedule = Schedule.parse(job.schedule(), "job " + name, "schedule");
                Instant scheduledFor = due ? job.nextRun() : now;
                if (orphan) {
                    scheduledFor = JobStore.abandonedTick(state, c, name).orElse(scheduledFor); // retry the tick that was lost
                    JobStore.execute(state, c, "UPDATE dataflow.job_runs SET status = 'abandoned', finished_at = ?, error = 'its instance stopped mid-run'"
                            + " WHERE job_name = ? AND status = 'running'", now, name);
                    log.info("job {} was left running by {}, which is gone: running it again", name, job.runningBy());
                }
                if (job.maintenanceWindow() != null && onlyIfDue) {
                    MaintenanceWindow window = MaintenanceWindow.parse(job.maintenanceWindow(), "job " + name, "maintenance_window");
                    if (!window.contains(now)) {
                        JobStore.execute(state, c, "UPDATE dataflow.jobs SET next_run = ?, running_since = NULL, running_by = NULL WHERE name = ?",
                                window.nextOpening(now), name);
                        c.commit();
                        return Optional.empty();
                    }
                }
                Instant next = due || orphan ? schedule.next(now) : job.nextRun();
                JobStore.execute(state, c, "UPDATE dataflow.jobs SET next_run = ?, running_since = ?, running_by = ?, last_run = ? WHERE name = ?",
                        next, now, instance, now, name);
                JobStore.execute(state, c, "INSERT INTO dataflow.job_runs (job_name, scheduled_for, started_at, status, instance) VALUES (?, ?, ?, 'running', ?)",
                        name, scheduledFor, now, instance);
                c.commit();
                JobRun run = execute(job, scheduledFor, now);
                JobStore.execute(state, c, "UPDATE dataflow.jobs SET running_since = NULL, running_by = NULL, last_status = ?, last_error = ?,"
                        + " last_duration_ms = ?, run_count = run_count + 1 WHERE name = ?", run.status(), run.error(), run.ms(), name);
                JobStore.execute(state, c, "UPDATE dataflow.job_runs SET status = ?, error = ?, finished_at = ?, output = ?"
                        + " WHERE job_name = ? AND instance = ? AND status = 'running'",
                        run.status(), run.error(), clock.instant(), JobStore.json(run.output()), name, instance);
                if (schedule.isOnce()) JobStore.execute(state, c, "DELETE FROM dataflow.jobs WHERE name = ?", name); // done for good
                c.commit();
                return Optional.of(run);
            } finally {
                c.rollback();
                JobStore.unlock(state, c, name);
            }
        } catch (SQLException e) {
            throw new DataFlowException("job " + name + ": " + e.getMessage(), e);
        }
    }

    private JobRun execute(Job job, Instant scheduledFor, Instant startedAt) {
        long t0 = System.nanoTime();
        try {
            Results results = db.runtime().execute(workflowFor(job.nodeType(), job.config()));
            NodeResult r = results.node("job");
            double ms = (System.nanoTime() - t0) / 1e6;
            return new JobRun(job.name(), scheduledFor, startedAt, r.ok() ? "ok" : "failed", r.error(), ms, r.output());
        } catch (Throwable e) { // even an Error: the job is recorded failed and its lock released below
            String message = e instanceof RuntimeException ? e.getMessage()
                    : "job " + job.name() + " failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new JobRun(job.name(), scheduledFor, startedAt, "failed", message, (System.nanoTime() - t0) / 1e6, Map.of());
        }
    }

    private Workflow workflowFor(String nodeType, Map<String, Object> config) {
        return db.workflow().addNode(nodeType, "job", config).build();
    }

    static Map<String, Object> withoutSchedule(Map<String, ?> config) {
        Map<String, Object> out = new LinkedHashMap<>(config);
        out.remove("schedule");
        return out;
    }
}
