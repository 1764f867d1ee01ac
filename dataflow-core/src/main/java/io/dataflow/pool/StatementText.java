package io.dataflow.pool;

/** Normalizes SQL the way pgjdbc sends it ({@code ?} becomes {@code $n}), so DataFlow's keys match pg_prepared_statements. */
public final class StatementText {

    private StatementText() {
    }

    public static String normalize(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int param = 0;
        char quote = 0;
        boolean space = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == quote) quote = 0;
                continue;
            }
            if (Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            if (space && out.length() > 0) out.append(' ');
            space = false;
            if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
            } else if (c == '?' && (i + 1 >= sql.length() || sql.charAt(i + 1) != '?')) {
                out.append('$').append(++param);
            } else if (c == '?') {
                out.append("??");
                i++;
            } else {
                out.append(c);
            }
        }
        String s = out.toString();
        return s.endsWith(";") ? s.substring(0, s.length() - 1).trim() : s;
    }

    /** Whitespace-collapsed server text, for comparing with {@link #normalize(String)}. */
    public static String server(String statement) {
        String s = statement.trim().replaceAll("\\s+", " ");
        return s.endsWith(";") ? s.substring(0, s.length() - 1).trim() : s;
    }
}
