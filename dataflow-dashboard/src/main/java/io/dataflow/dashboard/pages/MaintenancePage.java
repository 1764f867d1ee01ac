package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.monitor.MonitorReport;

/** Last vacuum and analyze, dead tuples and the planner's row estimate error per table, with VACUUM / ANALYZE actions. */
final class MaintenancePage implements Page {

    @Override
    public String path() {
        return "/maintenance";
    }

    @Override
    public String title() {
        return "Maintenance";
    }

    @Override
    public void render(Context ctx, Html out) {
        MonitorReport r = Pages.section(out, "The monitor's table statistics", () -> ctx.database().report());
        if (r == null) return;
        out.h2("Tables");
        if (r.tableStatistics() == null) {
            out.note("Table statistics were not collected (table_statistics is disabled in the monitor's config).");
            return;
        }
        out.table("table", "live rows", "dead rows", "dead ratio", "estimate error", "last vacuum", "last autovacuum", "last analyze", "last autoanalyze", "");
        for (MonitorReport.TableStat t : r.tableStatistics().tables()) {
            Html actions = new Html();
            ctx.actionForm(actions, "vacuum", "vacuum", "VACUUM " + t.table() + "?", "table", t.table());
            ctx.actionForm(actions, "vacuum", "vacuum analyze", "VACUUM ANALYZE " + t.table() + "?", "table", t.table(), "analyze", "true");
            out.row(t.table(), Html.num(t.liveRows()), Html.num(t.deadRows()), Html.cell(Html.pct(t.deadRatio()), t.deadRatio() > 0.2 ? "warning" : null),
                    t.estimateError() == null ? "–" : "×" + Html.num(t.estimateError()), Html.time(t.lastVacuum()), Html.time(t.lastAutovacuum()),
                    Html.time(t.lastAnalyze()), Html.time(t.lastAutoanalyze()), Html.cell(actions));
        }
        out.endTable();
        if (r.indexUsage() != null && r.indexUsage().indexBloat() != null) {
            out.h2("Index bloat (estimated, measured " + Html.time(r.indexUsage().collectedAt()) + ")");
            out.table("index", "table", "size", "wasted", "size / needed", "exact or estimated");
            for (var b : r.indexUsage().indexBloat()) {
                out.row(b.name(), b.table(), b.sizeBytes() == null ? "–" : Html.bytes(b.sizeBytes()), b.wastedBytes() == null ? "–" : Html.bytes(b.wastedBytes()),
                        b.bloatRatio() == null ? "–" : "×" + Html.num(b.bloatRatio()), b.accuracy() == null ? (b.note() == null ? "not measured" : "not measured: " + b.note()) : b.accuracy() + " (" + b.method() + ")");
            }
            out.endTable();
        }
    }
}
