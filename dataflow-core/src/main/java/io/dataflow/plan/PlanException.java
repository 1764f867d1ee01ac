package io.dataflow.plan;

import io.dataflow.DataFlowException;

/** A statement DataFlow cannot analyze: refused before running, or failed on the server, with its position when known. */
public class PlanException extends DataFlowException {

    private final Integer position;

    public PlanException(String message, Integer position, Throwable cause) {
        super(message, cause);
        this.position = position;
    }

    public PlanException(String message) {
        this(message, null, null);
    }

    /** 1-based character position in the SQL as given, or null. */
    public Integer position() {
        return position;
    }

    /** The message with a caret under the position, for one-line SQL texts. */
    static String withCaret(String problem, String sql, int offset) {
        String base = problem + " at position " + (offset + 1);
        String line = sql.strip();
        if (sql.contains("\n") || sql.length() > 160) {
            int start = sql.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
            int end = sql.indexOf('\n', offset);
            line = sql.substring(start, end < 0 ? sql.length() : end);
            return base + "\n  " + line + "\n  " + " ".repeat(Math.max(0, offset - start)) + "^";
        }
        return base + "\n  " + sql + "\n  " + " ".repeat(Math.max(0, Math.min(offset, sql.length()))) + "^";
    }
}
