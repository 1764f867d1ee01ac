package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Charts;
import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.monitor.Alert;
import io.dataflow.monitor.MetricCatalog;
import io.dataflow.monitor.MonitorReport;
import java.time.Instant;
import java.util.List;

/** PgHero's overview: the monitor's health checks with their evidence and fix, sparklines, open alerts. */
final class OverviewPage implements Page {

    private static final List<String> HEADLINE = List.of(MetricCatalog.CACHE_HIT_RATE, MetricCatalog.CONNECTION_USAGE,
            MetricCatalog.LONG_RUNNING_QUERIES, MetricCatalog.LOCK_WAITS, MetricCatalog.LONGEST_TRANSACTION, MetricCatalog.WRAPAROUND);

    @Override
    public String path() {
        return "/overview";
    }

    @Override
    public String title() {
        return "Overview";
    }

    @Override
    public void render(Context ctx, Html out) {
        MonitorReport r = Pages.section(out, "The monitor's live report", () -> ctx.database().report());
        if (r == null) return;
        out.raw("<div id=\"overview-live\" hx-get=\"").text(ctx.href(path())).raw("\" hx-trigger=\"every 15s\" hx-select=\"#overview-live\" hx-swap=\"outerHTML\">");
        out.h2("Health checks").p("Collected " + Html.time(r.collectedAt()) + " in " + Html.num(r.durationMs()) + " ms on " + r.database());
        for (String n : r.notes()) out.note(n);
        out.table("check", "status", "value", "evidence and fix");
        for (MonitorReport.HealthCheck h : r.healthChecks()) {
            out.row(h.name(), Html.cell(h.status(), h.status()), Html.num(h.value()), h.message());
        }
        out.endTable();
        out.h2("Headline metrics (last 6 hours)");
        out.raw("<div class=\"cards\">");
        Instant now = Instant.now();
        for (String metric : HEADLINE) {
            var samples = ctx.database().history().series(metric, "", now.minus(java.time.Duration.ofHours(6)), now);
            String label = MetricCatalog.get(metric).map(MetricCatalog.Metric::label).orElse(metric);
            out.raw("<div class=\"card\">").el("div", "label", label)
                    .el("div", "value", samples.isEmpty() ? "–" : Html.num(samples.get(samples.size() - 1).value()));
            Charts.line(out, label, "", samples, true);
            out.raw("</div>");
        }
        out.raw("</div>");
        out.h2("Open alerts (" + r.openAlerts().size() + ")");
        if (r.openAlerts().isEmpty()) out.p("No alert is open.");
        else {
            out.table("rule", "subject", "message", "fired");
            for (Alert a : r.openAlerts()) out.row(a.rule(), a.subject(), a.message(), Html.time(a.firedAt()));
            out.endTable();
        }
        out.raw("</div>");
    }
}
