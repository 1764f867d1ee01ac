package io.dataflow.rewrite;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
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
            statement = CCJSqlParserUtil.parse(stripSemicolon(sql));
        } catch (JSQLParserException e) {
            throw syntaxError(sql, e);
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

    private static RewriteException syntaxError(String sql, JSQLParserException e) {
        ParseException pe = null;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ParseException p) {
                pe = p;
                break;
            }
        }
        Token at = pe == null || pe.currentToken == null ? null : pe.currentToken.next != null ? pe.currentToken.next : pe.currentToken;
        if (at == null || at.beginLine <= 0) {
            String first = String.valueOf(e.getMessage()).split("\n")[0];
            throw new RewriteException("cannot parse the SQL: " + first, null, e);
        }
        int offset = offset(sql.strip(), at.beginLine, at.beginColumn) + leading(sql);
        String token = at.image == null || at.image.isEmpty() ? "end of input" : "'" + at.image + "'";
        return new RewriteException("cannot parse the SQL: unexpected " + token + " at position " + (offset + 1)
                + " (line " + at.beginLine + ", column " + at.beginColumn + ")\n" + caret(sql, offset), offset + 1, e);
    }

    private static int leading(String sql) {
        int i = 0;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) i++;
        return i;
    }

    private static int offset(String sql, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int nl = sql.indexOf('\n', offset);
            if (nl < 0) break;
            offset = nl + 1;
        }
        return Math.min(sql.length(), offset + column - 1);
    }

    static String caret(String sql, int offset) {
        int start = sql.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
        if (start > offset) start = 0;
        int end = sql.indexOf('\n', offset);
        String line = sql.substring(start, end < 0 ? sql.length() : end);
        return "  " + line + "\n  " + " ".repeat(Math.max(0, offset - start)) + "^";
    }
}
