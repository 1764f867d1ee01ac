package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.monitor.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The monitor's alerts, open and over the last week, and the dashboard's own action log. */
final class AlertsPage implements Page {

    @Override
    public String path() {
        return "/alerts";
    }

    @Override
    public String title() {
        return "Alerts";
    }

    @Override
    public void render(Context ctx, Html out) {
        out.h2("Alerts (open, and fired or resolved in the last 7 days)");
        List<Alert> alerts = Pages.section(out, "The alerts", () -> ctx.database().view().monitor().alerts(Instant.now().minus(Duration.ofDays(7))));
        if (alerts != null) {
            if (alerts.isEmpty()) out.p("No alert in the last 7 days.");
            else {
                out.table("state", "rule", "subject", "message", "value", "threshold", "fired", "resolved", "action");
                for (Alert a : alerts) {
                    out.row(Html.cell(a.open() ? "open" : "resolved", a.open() ? "critical" : "ok"), a.rule(), a.subject(), a.message(),
                            Html.num(a.value()), Html.num(a.threshold()), Html.time(a.firedAt()),
                            a.resolvedAt() == null ? "" : Html.time(a.resolvedAt()) + " " + (a.resolvedMessage() == null ? "" : a.resolvedMessage()),
                            a.action() == null ? "" : a.action() + (a.actionResult() == null ? "" : ": " + a.actionResult()));
                }
                out.endTable();
            }
        }
        out.h2("Dashboard actions (dataflow.dashboard_actions)");
        var log = Pages.section(out, "The action log", () -> new io.dataflow.dashboard.ActionLogReader(ctx.database()).recent(50));
        if (log != null) {
            if (log.isEmpty()) out.p("No action was taken from the dashboard.");
            else {
                out.table("when", "who", "action", "target", "result");
                for (var e : log) out.row(Html.time(e.at()), e.who(), e.action(), e.target(), Html.cell((e.ok() ? "ok: " : "failed: ") + e.result(), e.ok() ? null : "critical"));
                out.endTable();
            }
        }
    }
}
