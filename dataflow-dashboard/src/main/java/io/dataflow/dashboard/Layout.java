package io.dataflow.dashboard;

import java.util.List;

/** The page shell: header with the database switcher, navigation, scripts served from the jar. */
final class Layout {

    private Layout() {
    }

    static String page(Context ctx, List<Page> pages, Page current, List<String> databases, String content) {
        Html h = new Html();
        h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").text(current.title() + " · DataFlow · " + ctx.database().name())
                .raw("</title><meta name=\"htmx-config\" content='{\"includeIndicatorStyles\":false}'>"
                        + "<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/static/uPlot.min.css\"><link rel=\"stylesheet\" href=\"/static/dashboard.css\">"
                        + "<script src=\"/static/htmx.min.js\"></script><script src=\"/static/uPlot.iife.min.js\"></script>"
                        + "<script src=\"/static/dashboard.js\"></script></head><body><header><span class=\"brand\">DataFlow</span>");
        h.raw("<form method=\"get\" action=\"").text(current.path()).raw("\" class=\"switcher\"><label>database <select name=\"db\" id=\"db-switcher\">");
        for (String name : databases) {
            h.raw("<option value=\"").text(name).raw("\"").raw(name.equals(ctx.database().name()) ? " selected" : "").raw(">").text(name).raw("</option>");
        }
        h.raw("</select></label><noscript><button>go</button></noscript></form>");
        h.el("span", "where", ctx.database().app().description());
        h.el("span", ctx.actions() ? "mode actions" : "mode", ctx.actions() ? "actions allowed" : "read-only");
        h.raw("</header><nav>");
        for (Page p : pages) {
            if (!p.nav()) continue;
            h.raw("<a href=\"").text(ctx.href(p.path())).raw("\"").raw(p == current ? " class=\"current\"" : "").raw(">").text(p.title()).raw("</a>");
        }
        h.raw("</nav><main id=\"main\">");
        if (ctx.database().historyOff() != null) h.raw("<p class=\"note warning\" id=\"history-off\">").text(ctx.database().historyOff()).raw("</p>");
        h.raw(content).raw("</main></body></html>");
        return h.toString();
    }

    static String error(String title, String message) {
        return new Html().raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").text(title)
                .raw("</title><link rel=\"stylesheet\" href=\"/static/dashboard.css\"></head><body><main>").h2(title).note(message)
                .raw("<p><a href=\"/\">back to the overview</a></p></main></body></html>").toString();
    }
}
