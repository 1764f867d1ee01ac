package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Charts;
import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.monitor.MetricCatalog;
import io.dataflow.monitor.Sessions;
import io.dataflow.pool.PoolStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The server's sessions (the dashboard's own left out) with cancel / terminate, by state and application; the pool; usage over time. */
final class ConnectionsPage implements Page {

    @Override
    public String path() {
        return "/connections";
    }

    @Override
    public String title() {
        return "Connections";
    }

    @Override
    public void render(Context ctx, Html out) {
        List<Sessions.Session> sessions = Pages.section(out, "pg_stat_activity",
                () -> new Sessions(ctx.database().view().dataSource()).current("dataflow-dashboard"));
        out.h2("Connection usage (last 6 hours)");
        Charts.line(out, "connection usage", "", ctx.database().history().series(MetricCatalog.CONNECTION_USAGE, "",
                Instant.now().minus(java.time.Duration.ofHours(6)), Instant.now()), false);
        if (sessions != null) {
            out.h2("By state and application");
            Map<String, Integer> counts = new TreeMap<>();
            for (Sessions.Session s : sessions) counts.merge((s.state().isEmpty() ? "(none)" : s.state()) + " · " + s.application(), 1, Integer::sum);
            out.table("state · application", "sessions");
            counts.forEach((k, v) -> out.row(k, v));
            out.endTable();
            out.h2("Sessions (" + sessions.size() + "; the dashboard's own are left out)");
            out.table("pid", "user", "application", "client", "state", "waiting on", "query age s", "transaction age s", "query", "");
            for (Sessions.Session s : sessions) {
                Html actions = new Html();
                ctx.actionForm(actions, "cancel", "cancel", "Cancel the query of backend " + s.pid() + "?", "pid", Integer.toString(s.pid()));
                ctx.actionForm(actions, "terminate", "terminate", "Terminate backend " + s.pid() + " (its connection is closed)?", "pid", Integer.toString(s.pid()));
                out.row(s.pid(), s.user(), s.application(), s.client(), s.state(), s.waitEvent(), Html.num(s.queryAgeS()), Html.num(s.transactionAgeS()),
                        Html.code(s.query()), Html.cell(actions));
            }
            out.endTable();
        }
        out.h2("The application's pool");
        PoolStats p = Pages.section(out, "The pool", () -> ctx.database().app().poolStats());
        if (p != null) {
            out.table("active", "idle", "total", "threads waiting", "maximum", "minimum idle", "timeout ms", "timeouts");
            out.row(p.active(), p.idle(), p.total(), p.threadsWaiting(), p.maximum(), p.minimumIdle(), p.timeoutMillis(), p.connectionTimeouts());
            out.endTable();
        }
    }
}
