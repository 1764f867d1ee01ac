package io.dataflow.dashboard;

import io.dataflow.DataFlowException;
import io.dataflow.maintenance.VacuumRequest;
import io.dataflow.monitor.MonitorReport;
import io.dataflow.plan.AdvisedIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * The dashboard's actions. Each takes a name the dashboard showed (a pid, an advised index's id, a
 * table the monitor listed, a view, a job) and never SQL from the request: the statement run is the
 * core's own (the advisor's CREATE INDEX CONCURRENTLY, the vacuum's quoted VACUUM) or a bound call.
 */
final class Actions {

    /** What an action did, for the page and the log. */
    record Outcome(boolean ok, String target, String message) {
    }

    private Actions() {
    }

    static Outcome run(String action, DashboardDatabase db, Request request) {
        return switch (action) {
            case "cancel" -> backend(db, "pg_cancel_backend", pid(request));
            case "terminate" -> backend(db, "pg_terminate_backend", pid(request));
            case "create-index" -> createIndex(db, required(request, "index"));
            case "vacuum" -> vacuum(db, required(request, "table"), "true".equals(request.param("analyze")));
            case "refresh-view" -> {
                String view = required(request, "view");
                var r = db.app().mviews().refresh(view);
                yield new Outcome(true, view, "refreshed: " + r);
            }
            case "run-job" -> {
                String job = required(request, "job");
                var run = db.app().scheduler().runNow(job);
                yield new Outcome(!"failed".equals(run.status()), job, run.status() + (run.error() == null ? "" : ": " + run.error())
                        + " in " + Html.num(run.ms()) + " ms");
            }
            default -> throw new DataFlowException("unknown dashboard action '" + action
                    + "': accepted are cancel, terminate, create-index, vacuum, refresh-view, run-job");
        };
    }

    private static int pid(Request request) {
        String pid = required(request, "pid");
        try {
            return Integer.parseInt(pid);
        } catch (NumberFormatException e) {
            throw new DataFlowException("pid '" + pid + "' is not a backend process id (a whole number)");
        }
    }

    private static String required(Request request, String name) {
        String v = request.param(name);
        if (v == null || v.isBlank()) throw new DataFlowException("the action needs the form field '" + name + "'");
        return v;
    }

    private static Outcome backend(DashboardDatabase db, String function, int pid) {
        try (Connection c = actionConnection(db); PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                boolean ok = rs.next() && rs.getBoolean(1);
                return new Outcome(ok, "pid " + pid, ok ? function + " sent to backend " + pid : "no backend " + pid + " to signal (it ended, or is not yours)");
            }
        } catch (SQLException e) {
            return new Outcome(false, "pid " + pid, e.getMessage());
        }
    }

    /** The index is named by its id in the advisor's latest report: the statement run is the advisor's own. */
    private static Outcome createIndex(DashboardDatabase db, String id) {
        List<AdvisedIndex> advised = db.advice().indexes();
        AdvisedIndex index = advised.stream().filter(a -> AdvisedIndexes.id(a).equals(id)).findFirst()
                .orElseThrow(() -> new DataFlowException("no advised index with id " + id + " in the advisor's current report (it may have been created already)"));
        try (Connection c = actionConnection(db); Statement st = c.createStatement()) {
            c.setAutoCommit(true); // CONCURRENTLY cannot run inside a transaction
            st.execute(index.sql());
            db.forgetAdvice();
            return new Outcome(true, index.table(), "created: " + index.sql());
        } catch (SQLException e) {
            return new Outcome(false, index.table(), index.sql() + " failed: " + e.getMessage());
        }
    }

    /** Only a table the monitor listed can be vacuumed; the vacuum quotes it. */
    private static Outcome vacuum(DashboardDatabase db, String table, boolean analyze) {
        MonitorReport.TableStatistics tables = db.report().tableStatistics();
        boolean known = tables != null && tables.tables().stream().anyMatch(t -> t.table().equals(table));
        if (!known) throw new DataFlowException("table '" + table + "' is not one the monitor lists; vacuum one shown on the Maintenance page");
        var report = db.app().maintenance().vacuum().run(VacuumRequest.of(List.of(table), false, analyze));
        return new Outcome(true, table, (analyze ? "VACUUM ANALYZE" : "VACUUM") + " done: " + report);
    }

    /** A connection marked as the dashboard's, with a long timeout: building an index takes a while. */
    private static Connection actionConnection(DashboardDatabase db) throws SQLException {
        return new DashboardConnections(db.app().dataSource(), Duration.ofHours(1)).getConnection();
    }
}
