package io.dataflow.rewrite;

import io.dataflow.sql.SqlLexer;
import io.dataflow.sql.SqlToken;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Prints a rewritten tree readably: JSqlParser prints one line, so the main clauses of the outer
 * query (and of derived tables, indented) start new lines. Only whitespace between tokens changes.
 */
final class Format {

    private static final Set<String> CLAUSES = Set.of("from", "where", "group", "having", "order", "limit", "offset", "join",
            "left", "right", "full", "inner", "cross", "union", "intersect", "except", "fetch", "window");
    private static final Set<String> JOIN_PREFIX = Set.of("left", "right", "full", "inner", "cross", "natural", "outer");

    private Format() {
    }

    static String pretty(Select select) {
        String sql = select.toString();
        List<SqlToken> tokens;
        try {
            tokens = SqlLexer.tokenize(sql);
        } catch (RuntimeException e) {
            return sql; // one line is still correct
        }
        StringBuilder out = new StringBuilder();
        int depth = 0;
        java.util.Deque<Integer> queryDepths = new java.util.ArrayDeque<>(); // depths at which a SELECT opened
        queryDepths.push(0);
        String previous = null;
        int last = 0;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            String word = t.kind() == SqlToken.Kind.IDENTIFIER ? t.name() : null;
            String gap = sql.substring(last, t.offset());
            boolean clause = word != null && CLAUSES.contains(word) && queryDepths.peek() == depth
                    && !(word.equals("join") && previous != null && JOIN_PREFIX.contains(previous))
                    && !(word.equals("outer") || (word.equals("left") || word.equals("right")) && next(tokens, i, "("));
            if (clause && out.length() > 0 && depth <= 2) {
                out.append('\n').append("    ".repeat(depth));
            } else {
                out.append(gap);
            }
            out.append(t.text());
            if (t.text().equals("(")) {
                depth++;
                if (next(tokens, i, "select")) queryDepths.push(depth);
            } else if (t.text().equals(")")) {
                if (queryDepths.peek() == depth && depth > 0) queryDepths.pop();
                depth--;
            }
            previous = word;
            last = t.offset() + t.text().length();
        }
        out.append(sql.substring(last));
        return out.toString();
    }

    private static boolean next(List<SqlToken> tokens, int i, String text) {
        return i + 1 < tokens.size() && tokens.get(i + 1).text().equalsIgnoreCase(text);
    }
}
