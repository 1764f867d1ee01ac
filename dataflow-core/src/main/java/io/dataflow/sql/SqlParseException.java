package io.dataflow.sql;

/**
 * SQL that JSqlParser cannot read, or that DataFlow refuses before parsing (nested too deeply, a
 * control character). The message is one clear line and a caret line:
 * {@code cannot parse the SQL: unexpected ')' at position 31 (line 1, column 31)}.
 */
public class SqlParseException extends SqlSyntaxException {

    private final String problem;
    private final boolean limit;

    SqlParseException(String problem, String sql, int offset) {
        this(problem, sql, offset, false);
    }

    SqlParseException(String problem, String sql, int offset, boolean limit) {
        super(message(problem, sql, offset), offset);
        this.problem = problem;
        this.limit = limit;
    }

    /**
     * True when DataFlow refused the text by its own limits (nesting depth, control characters)
     * rather than the grammar: final, even where PostgreSQL would accept the statement.
     */
    public boolean limit() {
        return limit;
    }

    /** What is wrong, without the position: {@code unexpected ')'}. */
    public String problem() {
        return problem;
    }

    /** 1-based character position in the SQL as given. */
    public int position() {
        return offset() + 1;
    }

    private static String message(String problem, String sql, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "cannot parse the SQL: " + problem + " at position " + (offset + 1)
                + " (line " + line + ", column " + (offset - lineStart + 1) + ")\n" + caret(sql, offset);
    }

    /** The line holding {@code offset} (or 120 characters around the position of a long line) and a caret under it. */
    static String caret(String sql, int offset) {
        int start = sql.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
        if (start > offset) start = 0;
        int end = sql.indexOf('\n', offset);
        if (end < 0) end = sql.length();
        boolean shortLine = end - start <= 160;
        int from = shortLine ? start : Math.max(start, offset - 60);
        int to = shortLine ? end : Math.min(end, Math.max(offset, from) + 60);
        String shown = sql.substring(from, Math.max(from, to)).replaceAll("\\p{Cntrl}", "?");
        String prefix = from > start ? "..." : "";
        return "  " + prefix + shown + (to < end ? "..." : "") + "\n  " + " ".repeat(prefix.length() + Math.max(0, offset - from)) + "^";
    }
}
