package io.dataflow.rewrite;

import java.util.Locale;

/** Identifier comparison as PostgreSQL does it: unquoted names fold to lower case, quoted names are kept. */
final class Names {

    private Names() {
    }

    static String unquote(String name) {
        if (name == null) return null;
        String last = name.contains(".") && !name.startsWith("\"") ? name.substring(name.lastIndexOf('.') + 1) : name;
        if (last.length() >= 2 && last.startsWith("\"") && last.endsWith("\"")) return last.substring(1, last.length() - 1).replace("\"\"", "\"");
        return last.toLowerCase(Locale.ROOT);
    }

    private static final java.util.Set<String> RESERVED = java.util.Set.of("all", "and", "any", "array", "as", "asc", "both", "case",
            "cast", "check", "collate", "column", "constraint", "create", "current_date", "current_time", "current_timestamp",
            "current_user", "default", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from",
            "grant", "group", "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit", "not", "null",
            "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select", "some", "table",
            "then", "to", "trailing", "true", "union", "unique", "user", "using", "when", "where", "window", "with");

    /** A name as written into SQL: bare when PostgreSQL would read it back unchanged, else quoted. */
    static String sql(String name) {
        if (name.matches("[a-z_][a-z0-9_$]*") && !RESERVED.contains(name)) return name;
        return io.dataflow.sql.Identifiers.quote(name);
    }

    static boolean same(String a, String b) {
        return a != null && b != null && unquote(a).equals(unquote(b));
    }
}
