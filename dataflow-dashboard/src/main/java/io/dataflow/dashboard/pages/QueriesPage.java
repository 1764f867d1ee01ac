package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Charts;
import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.monitor.MonitorHistory;
import io.dataflow.monitor.MonitorReport;
import java.time.Instant;
import java.util.List;

/** Top statements over a time range of the monitor's stored history, each linking to its own page. */
final class QueriesPage implements Page {

    @Override
    public String path() {
        return "/queries";
    }

    @Override
    public String title() {
        return "Queries";
    }

    @Override
    public void render(Context ctx, Html out) {
        MonitorReport report = Pages.section(out, "The monitor's statement statistics", () -> ctx.database().report());
        if (report == null) return;
        MonitorReport.QueryPerformance perf = report.queryPerformance();
        if (perf != null && !perf.available()) {
            out.h2("Top statements").note("pg_stat_statements is not available: " + perf.note());
            return;
        }
        String range = ctx.request().param("range", "6h");
        Instant from = Pages.from(range);
        out.h2("Top statements by total time");
        Pages.ranges(ctx, out, path(), range);
        List<MonitorHistory.StatementTotals> top = ctx.database().history().topStatements(from, Instant.now(), 25);
        if (top.isEmpty()) {
            out.note("No statement history in this range yet: the monitor stores each statement's change at every collection"
                    + " (every " + ctx.options().collectEvery().toSeconds() + " s while the dashboard runs).");
        } else {
            out.table("statement", "total ms", "calls", "mean ms", "rows", "cache hit", "");
            for (MonitorHistory.StatementTotals s : top) {
                out.row(Html.code(s.query() == null ? "queryid " + s.queryid() : s.query()), Html.num(s.totalMs()), Html.num(s.calls()),
                        Html.num(s.meanMs()), Html.num(s.rows()), Html.pct(s.hitRate()),
                        Html.cell(new Html().link(ctx.href("/statement", "id", Long.toString(s.queryid()), "range", range), "details")));
            }
            out.endTable();
            MonitorHistory.StatementTotals first = top.get(0);
            out.h2("Mean time of the top statement");
            var samples = ctx.database().history().statement(first.queryid(), from, Instant.now());
            Charts.series(out, "mean ms", "ms", samples, s -> s.at().toEpochMilli() / 1000.0, MonitorHistory.StatementSample::meanMs, false);
        }
        if (perf != null && perf.slowQueryLog() != null && !perf.slowQueryLog().isEmpty()) {
            out.h2("Slow statements (mean over " + Html.num(perf.thresholdMs()) + " ms, " + perf.interval() + ")");
            out.table("statement", "mean ms", "calls");
            for (MonitorReport.QueryStat q : perf.slowQueryLog()) out.row(Html.code(q.query()), Html.num(q.meanMs()), Html.num(q.calls()));
            out.endTable();
        }
    }
}
