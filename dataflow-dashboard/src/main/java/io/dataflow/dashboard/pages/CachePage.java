package io.dataflow.dashboard.pages;

import io.dataflow.cache.CacheStats;
import io.dataflow.cache.RuleStats;
import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;

/** The query cache of the application's DataFlow: hit rate per rule, entries, bytes, backend availability. */
final class CachePage implements Page {

    @Override
    public String path() {
        return "/cache";
    }

    @Override
    public String title() {
        return "Cache";
    }

    @Override
    public void render(Context ctx, Html out) {
        out.h2("Query cache");
        CacheStats s = Pages.section(out, "The cache's counters", () -> ctx.database().app().cacheStats());
        if (s == null) return;
        if (!s.enabled()) {
            out.note("The query cache is off for this DataFlow: give it a cache_config (backend memory or redis) to cache query results.");
            return;
        }
        out.p("backend " + s.backend() + " · " + (s.available() ? "available" : "UNAVAILABLE") + " · entries " + Html.num(s.entries())
                + " · uncached queries " + Html.num(s.uncached()));
        out.table("rule", "hits", "misses", "hit rate", "stores", "bytes", "evictions", "errors", "bypassed", "warmed");
        row(out, "all rules", s.total());
        s.rules().forEach((name, r) -> row(out, name, r));
        out.endTable();
    }

    private static void row(Html out, String name, RuleStats r) {
        out.row(name, Html.num(r.hits()), Html.num(r.misses()), Html.pct(r.hitRate()), Html.num(r.stores()), Html.bytes(r.bytes()),
                Html.num(r.evictions()), Html.num(r.errors()), Html.num(r.bypassed()), Html.num(r.warmed()));
    }
}
