package io.dataflow.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Validates SQL expressions supplied in configs (a partial-index {@code where}, an index
 * {@code expression}). The text must be exactly one expression: the lexer refuses comments,
 * separators and unbalanced quotes; the parser must consume the whole text (JSqlParser's
 * {@code parseCondExpression} alone would silently ignore trailing input); the tree walk refuses
 * subqueries, parameters and columns outside the allowed set.
 */
public final class SqlFragments {

    private static final Set<String> LITERAL_WORDS = Set.of("true", "false", "null", "unknown");

    private SqlFragments() {
    }

    /**
     * @param where   the model/index the fragment belongs to, for messages
     * @param key     the config key that holds it
     * @param table   the table the fragment may name as a qualifier, or null
     * @param columns the columns the fragment may reference
     */
    public static SqlFragment expression(String text, String where, String key, String table, Set<String> columns) {
        if (text == null || text.isBlank()) throw new FragmentException(where, key, "", 0, "an empty expression");
        List<SqlToken> tokens = lex(text, where, key);
        Expression tree = parseWhole(text, where, key);
        Set<String> used = new LinkedHashSet<>();
        tree.accept(new Checker(text, tokens, where, key, table, columns, used), null);
        return new SqlFragment(text, tree, Set.copyOf(used));
    }

    private static List<SqlToken> lex(String text, String where, String key) {
        List<SqlToken> tokens;
        try {
            tokens = SqlLexer.tokenize(text);
        } catch (SqlSyntaxException e) {
            throw new FragmentException(where, key, text, e.offset(), e.getMessage());
        }
        for (SqlToken t : tokens) {
            switch (t.kind()) {
                case COMMENT -> throw new FragmentException(where, key, text, t.offset(), "comments are not accepted in a fragment");
                case SEMICOLON -> throw new FragmentException(where, key, text, t.offset(),
                        "';' is not accepted: a fragment must be exactly one expression, not statements");
                case PARAMETER -> throw new FragmentException(where, key, text, t.offset(), "parameters are not accepted here");
                case STRING -> {
                    if (t.text().startsWith("$")) {
                        throw new FragmentException(where, key, text, t.offset(), "dollar-quoted strings are not accepted; use '...'");
                    }
                }
                case IDENTIFIER -> {
                    String word = t.text().toLowerCase(Locale.ROOT);
                    if (word.equals("select") || word.equals("values")) {
                        throw new FragmentException(where, key, text, t.offset(), "subqueries are not accepted in a fragment");
                    }
                }
                default -> {
                }
            }
        }
        return tokens;
    }

    private static Expression parseWhole(String text, String where, String key) {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(text).withAllowComplexParsing(true);
        Expression tree;
        try {
            tree = parser.Expression();
        } catch (ParseException e) {
            Token bad = e.currentToken != null && e.currentToken.next != null ? e.currentToken.next : e.currentToken;
            throw new FragmentException(where, key, text, offsetOf(text, bad), "not a valid SQL expression");
        } catch (RuntimeException | Error e) {
            throw new FragmentException(where, key, text, 0, "not a valid SQL expression (" + e.getMessage() + ")");
        }
        Token next = parser.getNextToken();
        if (next.kind != CCJSqlParserConstants.EOF) {
            throw new FragmentException(where, key, text, offsetOf(text, next),
                    "unexpected text after the expression: a fragment must be exactly one expression");
        }
        return tree;
    }

    /** Converts a JavaCC token's 1-based line/column into an offset in the text. */
    private static int offsetOf(String text, Token token) {
        if (token == null || token.beginLine <= 0) return 0;
        int line = 1;
        int i = 0;
        while (line < token.beginLine && i < text.length()) {
            if (text.charAt(i++) == '\n') line++;
        }
        return Math.min(text.length(), i + Math.max(0, token.beginColumn - 1));
    }

    /** Walks the expression tree refusing subqueries, parameters and unknown columns. */
    private static final class Checker extends ExpressionVisitorAdapter<Void> {
        private final String text;
        private final List<SqlToken> tokens;
        private final String where;
        private final String key;
        private final String table;
        private final Set<String> columns;
        private final Set<String> used;

        Checker(String text, List<SqlToken> tokens, String where, String key, String table, Set<String> columns, Set<String> used) {
            this.text = text;
            this.tokens = tokens;
            this.where = where;
            this.key = key;
            this.table = table;
            this.columns = columns;
            this.used = used;
        }

        @Override
        public <S> Void visit(Column column, S context) {
            String name = unquote(column.getColumnName());
            if (column.getTable() != null && column.getTable().getName() != null) {
                String qualifier = unquote(column.getTable().getName());
                if (table == null || !qualifier.equals(table) || column.getTable().getSchemaName() != null) {
                    throw new FragmentException(where, key, text, positionOf(qualifier),
                            "only the model's own columns may be referenced, not '" + column.getFullyQualifiedName() + "'");
                }
            }
            if (LITERAL_WORDS.contains(name) && !columns.contains(name)) return null;
            if (!columns.contains(name)) {
                throw new FragmentException(where, key, text, positionOf(name),
                        "unknown column '" + name + "'; the model's columns are: " + String.join(", ", new TreeSet<>(columns)));
            }
            used.add(name);
            return null;
        }

        @Override
        public <S> Void visit(ParenthesedSelect select, S context) {
            throw subquery();
        }

        @Override
        public <S> Void visit(Select select, S context) {
            throw subquery();
        }

        @Override
        public <S> Void visit(AnyComparisonExpression expression, S context) {
            throw subquery();
        }

        @Override
        public <S> Void visit(JdbcParameter parameter, S context) {
            throw new FragmentException(where, key, text, text.indexOf('?'), "parameters are not accepted here");
        }

        @Override
        public <S> Void visit(JdbcNamedParameter parameter, S context) {
            throw new FragmentException(where, key, text, Math.max(0, text.indexOf(':')), "parameters are not accepted here");
        }

        private FragmentException subquery() {
            return new FragmentException(where, key, text, 0, "subqueries are not accepted in a fragment");
        }

        private int positionOf(String name) {
            for (SqlToken t : tokens) {
                if ((t.kind() == SqlToken.Kind.IDENTIFIER || t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER) && t.name().equals(name)) {
                    return t.offset();
                }
            }
            return 0;
        }
    }

    static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
