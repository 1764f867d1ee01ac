package io.dataflow.spring;

import io.dataflow.DataFlow;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.AdvisorReport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The latest index advice for {@code /actuator/dataflow}: {@code db.advisor()} on the top statements of
 * pg_stat_statements, computed lazily on a thread of its own, kept for {@code dataflow.advice.interval}.
 * The endpoint waits at most {@code dataflow.advice.wait} for a fresh computation, then shows the previous
 * advice (or "computing"): an advisor run plans many statements and must never hold the endpoint.
 */
public class LatestAdvice implements AutoCloseable {

    private final DataFlow db;
    private final DataFlowProperties.Advice settings;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dataflow-advice");
        t.setDaemon(true);
        return t;
    });
    private Map<String, Object> latest;      // the last finished computation
    private Instant latestAt;
    private CompletableFuture<Map<String, Object>> running;

    public LatestAdvice(DataFlow db, DataFlowProperties.Advice settings) {
        this.db = db;
        this.settings = settings;
    }

    /** The latest advice; starts a computation when there is none or it is older than the interval. */
    public Map<String, Object> get() {
        CompletableFuture<Map<String, Object>> pending;
        synchronized (this) {
            boolean stale = latestAt == null || Instant.now().isAfter(latestAt.plus(settings.getInterval()));
            if (stale && running == null) {
                CompletableFuture<Map<String, Object>> f = CompletableFuture.supplyAsync(this::compute, worker);
                running = f;
                f.whenComplete((result, error) -> finished(f, result, error));
            }
            pending = running;
            if (pending == null) return latest;
        }
        try {
            pending.get(settings.getWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still computing: answer with what there is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // recorded by finished()
        }
        synchronized (this) {
            if (latest != null) return latest;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("state", "computing");
            out.put("note", "index advice is being computed in the background (up to " + settings.getTimeout().toSeconds() + "s); ask again shortly");
            return out;
        }
    }

    private synchronized void finished(CompletableFuture<Map<String, Object>> f, Map<String, Object> result, Throwable error) {
        if (running == f) running = null;
        latestAt = Instant.now();
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("state", "failed");
            out.put("computedAt", latestAt.toString());
            out.put("error", String.valueOf(cause.getMessage()));
            latest = out;
        } else {
            latest = result;
        }
    }

    private Map<String, Object> compute() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!statStatementsInstalled()) {
            out.put("state", "unavailable");
            out.put("computedAt", Instant.now().toString());
            out.put("note", "pg_stat_statements is not installed in this database, so there is no workload to advise on:"
                    + " add it to shared_preload_libraries and run CREATE EXTENSION pg_stat_statements");
            return out;
        }
        var advisor = db.advisor();
        var workload = advisor.fromStatStatements(settings.getStatements());
        AdvisorOptions d = AdvisorOptions.defaults(); // the advisor's statement timeout bounds the whole run
        AdvisorOptions options = new AdvisorOptions(d.budgetBytes(), d.maxIndexes(), d.whatIf(), d.minBenefitShare(), settings.getTimeout().toMillis(),
                d.period(), d.observe(), d.writes(), d.analyze(), d.unusedAfter());
        AdvisorReport report = advisor.advise(workload, options);
        out.put("state", "ready");
        out.put("computedAt", Instant.now().toString());
        out.put("source", "pg_stat_statements, top " + settings.getStatements() + " statements by total time (" + report.queries() + " advised on)");
        out.put("indexes", report.indexes().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sql", i.sql());
            m.put("table", i.table());
            m.put("columns", i.columns());
            m.put("benefitPct", i.benefitPct());
            m.put("sizeBytes", i.sizeBytes());
            return m;
        }).toList());
        out.put("unusedIndexes", report.unusedIndexes().stream().map(i -> i.index() + " on " + i.table() + ": " + i.reason()).toList());
        out.put("costReductionPct", report.costReductionPct());
        out.put("notes", report.notes() == null ? List.of() : report.notes());
        out.put("adviseMs", report.adviseMs());
        return out;
    }

    private boolean statStatementsInstalled() {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('pg_stat_statements') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot look for pg_stat_statements: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
