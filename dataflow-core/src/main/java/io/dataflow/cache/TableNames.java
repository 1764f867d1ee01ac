package io.dataflow.cache;

import java.util.Locale;

/** One spelling per table, so a write found by parsing and an {@code invalidate_on} entry meet. */
final class TableNames {

    private TableNames() {
    }

    /** {@code "Public"."Products"} → as PostgreSQL resolves it; the {@code public.} prefix is dropped. */
    static String normalize(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : splitDots(name.strip())) {
            if (out.length() > 0) out.append('.');
            out.append(part.length() >= 2 && part.startsWith("\"") && part.endsWith("\"")
                    ? part.substring(1, part.length() - 1).replace("\"\"", "\"") : part.toLowerCase(Locale.ROOT));
        }
        String s = out.toString();
        return s.startsWith("public.") ? s.substring(7) : s;
    }

    private static java.util.List<String> splitDots(String name) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == '.' && !quoted) {
                parts.add(name.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(name.substring(start));
        return parts;
    }
}
