package io.dataflow.rewrite;

import io.dataflow.sql.SqlParseException;
import io.dataflow.sql.SqlParser;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;

/** Parses one query into a JSqlParser tree; errors carry the position in the SQL as given. */
final class SqlTree {

    private SqlTree() {
    }

    static Select parseQuery(String sql) {
        if (sql == null || sql.isBlank()) throw new RewriteException("no SQL given: a query is required");
        Statement statement;
        try {
            statement = SqlParser.statement(withoutSemicolon(sql)); // offsets stay those of the SQL as given
        } catch (SqlParseException e) {
            throw new RewriteException(e.getMessage(), e.position(), e);
        }
        if (!(statement instanceof Select select)) {
            String kind = statement.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
            throw new RewriteException(kind + " is not a query: only SELECT statements are rewritten (nothing that writes is run)");
        }
        return select;
    }

    static String stripSemicolon(String sql) {
        String s = sql.strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
    }

    private static String withoutSemicolon(String sql) {
        String s = sql.stripTrailing();
        return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
    }

    static String caret(String sql, int offset) {
        int start = sql.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
        if (start > offset) start = 0;
        int end = sql.indexOf('\n', offset);
        String line = sql.substring(start, end < 0 ? sql.length() : end);
        return "  " + line + "\n  " + " ".repeat(Math.max(0, offset - start)) + "^";
    }
}
