package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Charts;
import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.mview.RefreshRecord;
import io.dataflow.mview.ViewStatus;
import java.util.Comparator;
import java.util.List;

/** Materialized views: staleness, last refresh and its status, with a refresh action; each view's refresh history with durations. */
final class ViewsPage implements Page {

    @Override
    public String path() {
        return "/views";
    }

    @Override
    public String title() {
        return "Materialized views";
    }

    @Override
    public void render(Context ctx, Html out) {
        out.h2("Materialized views");
        List<ViewStatus> views = Pages.section(out, "The views' state", () -> ctx.database().view().mviews().status());
        if (views == null) return;
        if (views.isEmpty()) {
            out.note("DataFlow manages no materialized view here (create one with MaterializedViewNode or ./dataflow mviews).");
            return;
        }
        out.table("view", "kind", "last refresh", "seconds since", "base tables changed", "pending rows", "last status", "");
        for (ViewStatus v : views) {
            Html action = new Html();
            ctx.actionForm(action, "refresh-view", "refresh", "Refresh " + v.name() + " now?", "view", v.name());
            out.row(v.name(), v.kind(), Html.time(v.lastRefresh()), Html.num(v.secondsSinceRefresh() == null ? null : v.secondsSinceRefresh().doubleValue()),
                    v.baseTablesChanged() == null ? "–" : v.baseTablesChanged() ? "yes" : "no",
                    v.pendingRows() == null ? "–" : Html.num(v.pendingRows()),
                    (v.lastStatus() == null ? "" : v.lastStatus()) + (v.lastError() == null ? "" : ": " + v.lastError()), Html.cell(action));
        }
        out.endTable();
        for (ViewStatus v : views) history(ctx, out, v.name());
    }

    /** A view's refresh history: durations over time (oldest first on the chart) and the latest refreshes with their status. */
    private static void history(Context ctx, Html out, String view) {
        out.h2("Refresh history of " + view);
        List<RefreshRecord> refreshes = Pages.section(out, "The refresh history of " + view, () -> ctx.database().view().mviews().refreshes(view, 100));
        if (refreshes == null) return;
        if (refreshes.isEmpty()) {
            out.note("No refresh of " + view + " is recorded yet.");
            return;
        }
        List<RefreshRecord> timed = refreshes.stream().filter(r -> r.durationMs() != null).sorted(Comparator.comparing(RefreshRecord::startedAt)).toList();
        Charts.series(out, view + " refresh duration", "ms", timed, r -> r.startedAt().toEpochMilli() / 1000.0, RefreshRecord::durationMs, false);
        out.table("started", "method", "duration ms", "rows after", "status");
        for (RefreshRecord r : refreshes.subList(0, Math.min(20, refreshes.size()))) {
            out.row(Html.time(r.startedAt()), r.method(), r.durationMs() == null ? "–" : Html.num(r.durationMs()), r.rows() == null ? "–" : Html.num(r.rows()),
                    r.status() + (r.error() == null ? "" : ": " + r.error()));
        }
        out.endTable();
    }
}
