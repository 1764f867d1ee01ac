package io.dataflow.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What a page renders with: the database chosen in the switcher, the request, and the means to
 * write links and action forms (which carry the CSRF token).
 */
public record Context(DashboardDatabase database, Request request, DashboardOptions options, String csrfToken, boolean multipleDatabases) {

    /** A link to {@code path} on the same database, {@code kv} being extra name, value pairs. */
    public String href(String path, String... kv) {
        StringBuilder b = new StringBuilder(path).append("?db=").append(enc(database.name()));
        for (int i = 0; i + 1 < kv.length; i += 2) b.append('&').append(enc(kv[i])).append('=').append(enc(kv[i + 1]));
        return b.toString();
    }

    public boolean actions() {
        return options.allowActions();
    }

    /**
     * A POST form for an action: hidden fields escaped, the CSRF token, and a confirmation the
     * browser asks before sending. Nothing is written when actions are off.
     */
    public void actionForm(Html out, String action, String label, String confirm, String... fields) {
        if (!options.allowActions()) return;
        out.raw("<form method=\"post\" class=\"action\" action=\"").text(href("/action/" + action)).raw("\" data-confirm=\"").text(confirm).raw("\">");
        out.raw("<input type=\"hidden\" name=\"csrf\" value=\"").text(csrfToken).raw("\">");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            out.raw("<input type=\"hidden\" name=\"").text(fields[i]).raw("\" value=\"").text(fields[i + 1]).raw("\">");
        }
        out.raw("<button type=\"submit\" class=\"action-").text(action).raw("\">").text(label).raw("</button></form>");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
