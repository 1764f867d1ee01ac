package io.dataflow.sql;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.Statement;

/**
 * The one way DataFlow turns SQL text into a JSqlParser tree. Before parsing it refuses what the
 * parser would choke on with a Java error (nesting beyond {@link #MAX_NESTING}, control
 * characters); after parsing it rebalances long AND/OR chains ({@link ChainBalancer}) so that every
 * later walk of the tree, and its {@code toString}, recurses log(n) deep instead of once per term.
 * Every failure is a {@link SqlParseException} with the position in the SQL as given.
 */
public final class SqlParser {

    /** Deepest nesting of parentheses accepted; beyond it the parser's recursion (and its time) explodes. */
    public static final int MAX_NESTING = 100;
    /** JSqlParser's own limit on one parse; generous, so that a 10,000-term ORM query still parses on a busy machine. */
    static final long PARSE_TIMEOUT_MS = 30_000;

    private static final Pattern LEXICAL = Pattern.compile("line (\\d+), column (\\d+)");

    private SqlParser() {
    }

    /** One statement. */
    public static Statement statement(String sql) {
        String text = sql == null ? "" : sql;
        if (text.isBlank()) throw new SqlParseException("no SQL given", text, 0);
        int chains = check(text);
        Statement parsed;
        try {
            parsed = CCJSqlParserUtil.parse(text, options());
        } catch (JSQLParserException | RuntimeException | StackOverflowError e) {
            throw translate(text, e);
        }
        if (parsed == null) throw new SqlParseException("no statement found", text, 0);
        return chains >= ChainBalancer.LONG_CHAIN ? ChainBalancer.balance(parsed) : parsed;
    }

    /** One expression (a predicate, a value); the whole text must be the expression. */
    public static Expression expression(String text) {
        String t = text == null ? "" : text;
        if (t.isBlank()) throw new SqlParseException("no expression given", t, 0);
        int chains = check(t);
        Expression parsed;
        try {
            parsed = CCJSqlParserUtil.parseExpression(t, false, options());
        } catch (JSQLParserException | RuntimeException | StackOverflowError e) {
            throw translate(t, e);
        }
        return chains >= ChainBalancer.LONG_CHAIN ? ChainBalancer.balanceExpression(parsed) : parsed;
    }

    private static Consumer<CCJSqlParser> options() {
        return p -> p.withAllowComplexParsing(true).withTimeOut(PARSE_TIMEOUT_MS);
    }

    /**
     * Refuses, with a position, what DataFlow does not parse (nesting beyond {@link #MAX_NESTING},
     * control characters), for paths that hand the SQL to the server without parsing it first.
     */
    public static void checkLimits(String sql) {
        check(sql == null ? "" : sql);
    }

    /**
     * Refuses, with a position, what the parser cannot take safely; returns how many AND/OR words
     * the text has (a cheap bound on the longest chain: no rebalancing walk for ordinary queries).
     */
    static int check(String sql) {
        List<SqlToken> tokens;
        try {
            tokens = SqlLexer.tokenize(sql);
        } catch (SqlParseException e) {
            throw e;
        } catch (SqlSyntaxException e) {
            throw new SqlParseException(e.getMessage(), sql, e.offset());
        }
        int depth = 0;
        int connectives = 0;
        for (SqlToken t : tokens) {
            if (t.kind() == SqlToken.Kind.OPERATOR) {
                char c = t.text().charAt(0);
                if (Character.isISOControl(c)) {
                    throw new SqlParseException(String.format(Locale.ROOT, "control character U+%04X is not accepted", (int) c), sql, t.offset(), true);
                }
                if (c == '(' || c == '[') {
                    if (++depth > MAX_NESTING) {
                        throw new SqlParseException("nested more than " + MAX_NESTING + " levels deep (DataFlow parses at most "
                                + MAX_NESTING + " nested parentheses)", sql, t.offset(), true);
                    }
                } else if (c == ')' || c == ']') {
                    depth = Math.max(0, depth - 1);
                }
            } else if (t.kind() == SqlToken.Kind.IDENTIFIER && t.text().length() <= 3) {
                String w = t.text().toLowerCase(Locale.ROOT);
                if (w.equals("and") || w.equals("or")) connectives++;
            }
        }
        return connectives;
    }

    /** A parser failure as a clear error at the position where it happened. */
    static SqlParseException translate(String sql, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ParseException pe && pe.currentToken != null) {
                Token at = pe.currentToken.next != null ? pe.currentToken.next : pe.currentToken;
                String token = at.image == null || at.image.isEmpty() || at.kind == 0 ? "end of input" : "'" + at.image + "'";
                return new SqlParseException("unexpected " + token, sql, offsetOf(sql, at.beginLine, at.beginColumn));
            }
            if (t instanceof TokenMgrException) {
                Matcher m = LEXICAL.matcher(String.valueOf(t.getMessage()));
                int offset = m.find() ? offsetOf(sql, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : 0;
                return new SqlParseException("unexpected character", sql, offset);
            }
            if (t instanceof StackOverflowError) {
                return new SqlParseException("the statement is nested too deeply for the parser", sql, 0, true);
            }
            if (t instanceof TimeoutException || "Time out occurred.".equals(t.getMessage())) {
                return new SqlParseException("the parser gave up after " + PARSE_TIMEOUT_MS / 1000 + " s (the statement is too complex for it)", sql, 0, true);
            }
        }
        String first = String.valueOf(e.getMessage()).split("\n")[0];
        return new SqlParseException("not valid SQL (" + first + ")", sql, 0);
    }

    /** A JavaCC 1-based line/column as an offset in the text. */
    static int offsetOf(String sql, int line, int column) {
        if (line <= 0) return 0;
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int nl = sql.indexOf('\n', offset);
            if (nl < 0) break;
            offset = nl + 1;
        }
        return Math.max(0, Math.min(sql.length(), offset + Math.max(0, column - 1)));
    }
}
