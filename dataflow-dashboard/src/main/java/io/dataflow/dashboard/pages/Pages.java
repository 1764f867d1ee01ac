package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every page, in the navigation's order (the most used first). */
public final class Pages {

    /** The time ranges the history pages offer. */
    static final Map<String, Duration> RANGES = new java.util.LinkedHashMap<>();

    static {
        RANGES.put("1h", Duration.ofHours(1));
        RANGES.put("6h", Duration.ofHours(6));
        RANGES.put("24h", Duration.ofHours(24));
        RANGES.put("7d", Duration.ofDays(7));
    }

    private Pages() {
    }

    public static List<Page> all() {
        return List.of(new OverviewPage(), new QueriesPage(), new StatementPage(), new IndexesPage(), new SpacePage(), new MaintenancePage(), new PartitionsPage(),
                new ViewsPage(), new CachePage(), new ConnectionsPage(), new LocksPage(), new TuningPage(), new AlertsPage(), new SchedulerPage());
    }

    static Instant from(String range) {
        return Instant.now().minus(RANGES.getOrDefault(range, Duration.ofHours(6)));
    }

    /** Runs one section of a page; when its source fails, says so plainly and renders the rest. */
    static <T> T section(Html out, String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            out.note(what + " could not be read: " + e.getMessage());
            return null;
        }
    }

    static void ranges(io.dataflow.dashboard.Context ctx, Html out, String path, String current, String... extra) {
        out.raw("<p class=\"ranges\">range: ");
        for (String r : RANGES.keySet()) {
            String[] kv = new String[extra.length + 2];
            System.arraycopy(extra, 0, kv, 0, extra.length);
            kv[extra.length] = "range";
            kv[extra.length + 1] = r;
            out.raw("<a href=\"").text(ctx.href(path, kv)).raw("\"").raw(r.equals(current) ? " class=\"current\"" : "").raw(">").text(r).raw("</a>");
        }
        out.raw("</p>");
    }
}
