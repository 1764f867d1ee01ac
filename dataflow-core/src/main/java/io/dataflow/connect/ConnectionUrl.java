package io.dataflow.connect;

import io.dataflow.config.ConfigException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A database address in either form users have: {@code postgresql://user:pass@host:port/db?sslmode=...}
 * (also {@code postgres://}, as in DATABASE_URL) or {@code jdbc:postgresql://...}.
 *
 * @param jdbcUrl  the JDBC URL, without credentials
 * @param user     the user, or null to let the driver decide
 * @param password the password, or null
 */
public record ConnectionUrl(String jdbcUrl, String user, String password) {

    public static ConnectionUrl parse(String url) {
        if (url == null || url.isBlank()) throw new ConfigException("connection", "url", "is empty");
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) return new ConnectionUrl(trimmed, null, null);
        String rest;
        if (trimmed.startsWith("postgresql://")) {
            rest = trimmed.substring("postgresql://".length());
        } else if (trimmed.startsWith("postgres://")) {
            rest = trimmed.substring("postgres://".length());
        } else {
            throw new ConfigException("connection", "url", "'" + redact(trimmed) + "' is not a PostgreSQL URL; accepted forms:"
                    + " postgresql://user:password@host:port/database?sslmode=require, postgres://..., jdbc:postgresql://...");
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@', firstOf(rest, '/', '?'));
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = credentials.indexOf(':');
            user = decode(colon >= 0 ? credentials.substring(0, colon) : credentials);
            password = colon >= 0 ? decode(credentials.substring(colon + 1)) : null;
            if (user.isEmpty()) user = null;
        }
        int slash = firstOf(rest, '/', '?');
        String hosts = rest.substring(0, slash);
        String tail = rest.substring(slash);
        if (hosts.isEmpty()) hosts = "localhost";
        if (tail.isEmpty() || tail.startsWith("?")) tail = "/" + (user != null ? user : "postgres") + tail;
        return new ConnectionUrl("jdbc:postgresql://" + hosts + tail, user, password);
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) return j < 0 ? s.length() : j;
        return j < 0 ? i : Math.min(i, j);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with any password replaced, for messages and logs. */
    public static String redact(String url) {
        return url.replaceAll("(://[^:/@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
