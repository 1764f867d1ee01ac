package io.dataflow.dashboard;

import io.dataflow.DataFlow;
import io.dataflow.monitor.MonitorHistory;
import io.dataflow.monitor.MonitorReport;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.AdvisorReport;
import io.dataflow.plan.Workload;
import io.dataflow.plan.WorkloadQuery;
import java.time.Duration;
import java.time.Instant;

/**
 * One database shown by the dashboard. {@code app} is the application's DataFlow (its pool, cache
 * counters and scheduler live there); {@code view} is a DataFlow over the same pool whose connections
 * are marked {@code dataflow-dashboard} and bounded by the statement timeout: pages read through it.
 */
public final class DashboardDatabase implements AutoCloseable {

    private final String name;
    private final DataFlow app;
    private final DataFlow view;
    private final MonitorHistory history;
    private final Duration collectEvery;
    private MonitorReport report;
    private Instant reportAt;
    private String reportError;
    private AdvisorReport advice;
    private Instant adviceAt;
    /** Why the monitor's history is not kept here (the role may not create its tables), or null when it is. */
    private volatile String historyOff;

    DashboardDatabase(String name, DataFlow app, DashboardOptions options) {
        this.name = name;
        this.app = app;
        DashboardConnections connections = new DashboardConnections(app.dataSource(), options.statementTimeout());
        this.view = DataFlow.configure().dataSource(connections).stateSchema(app.state().name()).open();
        this.view.registerAll(app.models());
        this.history = new MonitorHistory(connections, app.state());
        this.collectEvery = options.collectEvery();
    }

    public String name() {
        return name;
    }

    public DataFlow app() {
        return app;
    }

    public DataFlow view() {
        return view;
    }

    public MonitorHistory history() {
        return history;
    }

    /** Why no history is kept on this database (a read-only role), or null when the monitor collects and stores it. */
    public String historyOff() {
        return historyOff;
    }

    void historyOff(String reason) {
        this.historyOff = reason;
    }

    /** The monitor's latest collection, collecting when the last is older than the interval. */
    public synchronized MonitorReport report() {
        if (historyOff != null) throw new IllegalStateException("the monitor's live report is off here: " + historyOff);
        Instant now = Instant.now();
        if (report == null || reportAt.plus(collectEvery).isBefore(now)) collect();
        if (report == null) throw new IllegalStateException(reportError);
        return report;
    }

    /** One collection now (the background loop and {@link #report()} call this). */
    public synchronized void collect() {
        if (historyOff != null) return; // the monitor stores every collection: nothing to collect into
        try {
            report = view.monitor().collect();
            reportAt = Instant.now();
            reportError = null;
        } catch (RuntimeException e) {
            reportError = "the monitor could not collect: " + e.getMessage();
            if (report == null) throw e;
        }
    }

    /** The index advisor on the monitor's top statements of the last day, kept a minute (it plans every statement under many what-if configurations). */
    public synchronized AdvisorReport advice() {
        if (advice == null || adviceAt.plus(Duration.ofMinutes(1)).isBefore(Instant.now())) {
            var advisor = view.advisor();
            AdvisorOptions defaults = AdvisorOptions.defaults();
            // the monitor's top statements (the application's, DataFlow's own catalog reads left out), weighted by total time
            var top = history.topStatements(Instant.now().minus(Duration.ofDays(1)), Instant.now(), 20).stream()
                    .filter(t -> t.query() != null && t.calls() > 0)
                    .map(t -> new WorkloadQuery(t.query(), Math.max(t.totalMs(), 0.001), "queryid " + t.queryid())).toList();
            Workload workload = top.isEmpty() ? advisor.fromStatStatements(20) : new Workload(top);
            advice = advisor.advise(workload, new AdvisorOptions(defaults.budgetBytes(), defaults.maxIndexes(),
                    defaults.whatIf(), defaults.minBenefitShare(), Math.min(defaults.timeoutMs(), 20_000), defaults.period(), defaults.observe(),
                    defaults.writes(), defaults.analyze(), defaults.unusedAfter()));
            adviceAt = Instant.now();
        }
        return advice;
    }

    private final java.util.Map<String, Kept<?>> kept = new java.util.concurrent.ConcurrentHashMap<>();

    /** A value and when it was read. */
    public record Kept<T>(T value, Instant at) {
    }

    /**
     * A slow read (one query per relation, such as sizes and bloat) kept for {@code ttl}: the figures hardly
     * move in a minute, and a page refreshed every few seconds should not repeat it.
     */
    @SuppressWarnings("unchecked")
    public <T> Kept<T> kept(String key, Duration ttl, java.util.function.Supplier<T> read) {
        Kept<?> k = kept.get(key);
        if (k == null || k.at().plus(ttl).isBefore(Instant.now())) {
            k = new Kept<>(read.get(), Instant.now());
            kept.put(key, k);
        }
        return (Kept<T>) k;
    }

    /** Forgets the advice (after an advised index was created). */
    public synchronized void forgetAdvice() {
        advice = null;
    }

    @Override
    public void close() {
        view.close();
    }
}
