package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.mview.ViewStatus;
import java.util.List;

/** Materialized views: staleness, last refresh and its status, with a refresh action. */
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
    }
}
