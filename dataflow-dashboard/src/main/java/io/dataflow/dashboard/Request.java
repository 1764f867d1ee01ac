package io.dataflow.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a page needs from one HTTP request.
 *
 * @param path     the path, without the query
 * @param params   query and form parameters (form wins)
 * @param partial  an htmx request: answer the page's content without the layout
 * @param user     who is asking (the basic-auth user, "token", or "local")
 */
public record Request(String method, String path, Map<String, String> params, boolean partial, String user) {

    public String param(String name) {
        return params.get(name);
    }

    public String param(String name, String fallback) {
        String v = params.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static Map<String, String> parse(String encoded, Map<String, String> into) {
        if (encoded == null || encoded.isEmpty()) return into;
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(k, v);
        }
        return into;
    }

    static Map<String, String> newParams() {
        return new LinkedHashMap<>();
    }
}
