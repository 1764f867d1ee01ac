package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Charts;
import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.lock.LockMonitorOptions;
import io.dataflow.lock.LockReport;
import io.dataflow.lock.LockWait;
import io.dataflow.lock.WaitGraph;
import io.dataflow.monitor.MetricCatalog;
import java.time.Instant;

/** Current lock waits drawn as the wait graph, root blockers first; lock waits and deadlocks over time. */
final class LocksPage implements Page {

    @Override
    public String path() {
        return "/locks";
    }

    @Override
    public String title() {
        return "Locks";
    }

    @Override
    public void render(Context ctx, Html out) {
        out.h2("Wait graph (root blockers first)");
        LockReport r = Pages.section(out, "The lock monitor", () -> ctx.database().view().locks().monitor(LockMonitorOptions.defaults()));
        if (r != null) {
            WaitGraph g = r.waitGraph();
            if (r.lockWaits().isEmpty()) out.p("No session is waiting for a lock.");
            else {
                if (g != null) {
                    out.raw("<div class=\"tree\" id=\"wait-graph\">");
                    for (WaitGraph.Tree t : g.roots()) tree(ctx, out, t, 0);
                    out.raw("</div>");
                    if (!g.cycles().isEmpty()) out.note("Deadlock cycles: " + g.cycles());
                }
                out.table("waiting pid", "waiting ms", "mode", "object", "query", "blocked by");
                for (LockWait w : r.lockWaits()) {
                    out.row(w.pid(), Html.num(w.waitingMs()), w.mode(), w.object() == null ? "" : w.object().description(), Html.code(w.query()),
                            w.blockers().stream().map(b -> Integer.toString(b.pid())).toList().toString());
                }
                out.endTable();
            }
            for (String a : r.alerts()) out.note(a);
        }
        Instant now = Instant.now();
        out.h2("Lock waits and deadlocks (last 24 hours)");
        out.raw("<div class=\"cards\"><div class=\"card\">");
        Charts.line(out, "lock waits", "", ctx.database().history().series(MetricCatalog.LOCK_WAITS, "", now.minus(java.time.Duration.ofHours(24)), now), false);
        out.raw("</div><div class=\"card\">");
        Charts.line(out, "deadlocks", "", ctx.database().history().series(MetricCatalog.DEADLOCKS, "", now.minus(java.time.Duration.ofHours(24)), now), false);
        out.raw("</div></div>");
    }

    private static void tree(Context ctx, Html out, WaitGraph.Tree t, int depth) {
        out.raw("<div class=\"node").raw(t.inCycle() ? " flag" : "").raw("\" style=\"padding-left:").raw(Integer.toString(depth * 22)).raw("px\">");
        out.text((depth == 0 ? "● blocker " : "└ waits: ") + t.pid() + " [" + t.state() + "] "
                + (t.waitingMs() == null ? "" : Html.num(t.waitingMs().doubleValue()) + " ms on " + t.mode() + " " + t.object() + " · ") + t.query());
        if (depth == 0) ctx.actionForm(out, "cancel", "cancel", "Cancel the query of backend " + t.pid() + "?", "pid", Integer.toString(t.pid()));
        out.raw("</div>");
        for (WaitGraph.Tree c : t.waiters()) tree(ctx, out, c, depth + 1);
    }
}
