package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Charts;
import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.maintenance.BloatReport;
import io.dataflow.maintenance.BloatRequest;
import io.dataflow.maintenance.RelationBloat;
import io.dataflow.monitor.MetricCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Table and index sizes with their bloat, from the catalog estimate (never a full scan, and nothing is
 * done: a dry run), each labelled exact or estimated; size growth (table and index bytes) and row growth of the largest tables from the monitor's history.
 */
final class SpacePage implements Page {

    @Override
    public String path() {
        return "/space";
    }

    @Override
    public String title() {
        return "Space";
    }

    @Override
    public void render(Context ctx, Html out) {
        BloatRequest estimate = new BloatRequest(List.of(), BloatRequest.defaults().thresholds(), Map.of(), null, BloatRequest.Method.ESTIMATE,
                false, BloatRequest.DEFAULT_EXACT_SCAN_LIMIT, true, "dashboard Space page");
        var kept = Pages.section(out, "Sizes and bloat", () -> ctx.database().kept("space", Duration.ofMinutes(1),
                () -> ctx.database().view().maintenance().bloat().check(estimate)));
        if (kept == null) return;
        BloatReport r = kept.value();
        out.p("Measured " + Html.time(kept.at()) + " from the catalog (kept a minute: it reads each relation).");
        List<RelationBloat> tables = r.tables().stream().sorted(Comparator.comparing((RelationBloat b) -> b.sizeBytes() == null ? 0 : b.sizeBytes()).reversed()).toList();
        out.h2("Tables (" + tables.size() + ")");
        table(out, tables);
        out.h2("Size growth of the largest tables (bytes, monitor history, last 7 days)");
        Instant since = Instant.now().minus(Duration.ofDays(7));
        out.raw("<div class=\"cards\" id=\"size-growth\">");
        for (RelationBloat t : tables.subList(0, Math.min(4, tables.size()))) {
            String subject = t.name().startsWith("public.") ? t.name().substring("public.".length()) : t.name();
            out.raw("<div class=\"card\">").el("div", "label", t.name());
            Charts.line(out, subject + " table bytes", "bytes", ctx.database().history().series(MetricCatalog.TABLE_SIZE_BYTES, subject, since, Instant.now()), true);
            Charts.line(out, subject + " index bytes", "bytes", ctx.database().history().series(MetricCatalog.TABLE_INDEXES_SIZE_BYTES, subject, since, Instant.now()), true);
            out.raw("</div>");
        }
        out.raw("</div>");
        out.h2("Row growth of the largest tables (monitor history, last 7 days)");
        Instant now = Instant.now();
        out.raw("<div class=\"cards\">");
        for (RelationBloat t : tables.subList(0, Math.min(4, tables.size()))) {
            out.raw("<div class=\"card\">").el("div", "label", t.name());
            String subject = t.name().startsWith("public.") ? t.name().substring("public.".length()) : t.name();
            Charts.line(out, subject + " live rows", "", ctx.database().history().series(MetricCatalog.TABLE_LIVE_ROWS, subject, now.minus(Duration.ofDays(7)), now), true);
            out.raw("</div>");
        }
        out.raw("</div>");
        List<RelationBloat> indexes = r.indexes().stream().sorted(Comparator.comparing((RelationBloat b) -> b.sizeBytes() == null ? 0 : b.sizeBytes()).reversed()).toList();
        out.h2("Indexes (" + indexes.size() + ")");
        table(out, indexes);
        for (String n : r.notes()) out.note(n);
    }

    private static void table(Html out, List<RelationBloat> rows) {
        out.table("relation", "size", "needed", "wasted", "size / needed", "level", "exact or estimated");
        for (RelationBloat b : rows) {
            out.row(b.name(), b.sizeBytes() == null ? "–" : Html.bytes(b.sizeBytes()), b.neededBytes() == null ? "–" : Html.bytes(b.neededBytes()),
                    b.wastedBytes() == null ? "–" : Html.bytes(b.wastedBytes()), b.bloatRatio() == null ? "–" : "×" + Html.num(b.bloatRatio()),
                    b.level() == null ? "" : b.level().toString().toLowerCase(java.util.Locale.ROOT), b.accuracy() == null ? (b.note() == null ? "not measured" : "not measured: " + b.note()) : b.accuracy() + " (" + b.method() + ")");
        }
        out.endTable();
    }
}
