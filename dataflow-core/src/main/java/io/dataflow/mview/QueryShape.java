package io.dataflow.mview;

import io.dataflow.config.ConfigException;
import io.dataflow.sql.SqlLexer;
import io.dataflow.sql.SqlSyntaxException;
import io.dataflow.sql.SqlToken;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * A view query read with JSqlParser: exactly one SELECT (no DML anywhere, no SELECT INTO, no
 * locking clause), its output columns, which of them are the GROUP BY keys, and the tables it reads.
 *
 * @param sql     the text as given (PostgreSQL parses it again; it is one SELECT, checked here)
 * @param select  the parsed tree
 * @param columns the output columns in order
 * @param keys    the output columns that are GROUP BY keys (or every column for SELECT DISTINCT); empty
 *                when some key is not in the output, so rows have no known unique key
 * @param tables  the tables the query reads
 */
public record QueryShape(String sql, PlainSelect select, List<OutputColumn> columns, List<String> keys, Set<String> tables) {

    public static QueryShape parse(String sql, String where, String key) {
        if (sql == null || sql.isBlank()) throw new ConfigException(where, key, "is empty: give one SELECT");
        checkTokens(sql, where, key);
        Statement statement = onlyStatement(sql, where, key);
        if (!(statement instanceof Select select)) {
            throw new ConfigException(where, key, "must be a SELECT; got " + kind(statement)
                    + " (a view's query must not change data)");
        }
        if (select.getWithItemsList() != null) {
            for (WithItem<?> w : select.getWithItemsList()) {
                if (!(w.getParenthesedStatement() instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect)) {
                    throw new ConfigException(where, key, "WITH " + w.getAliasName() + " changes data (INSERT/UPDATE/DELETE in a CTE): a view's query must only read");
                }
            }
        }
        if (!(select instanceof PlainSelect plain)) {
            throw new ConfigException(where, key, "must be a plain SELECT (UNION, VALUES and parenthesized queries are not supported)");
        }
        if (plain.getIntoTables() != null || plain.getIntoTempTable() != null) {
            throw new ConfigException(where, key, "SELECT INTO creates a table: a view's query must only read");
        }
        if (plain.getForMode() != null) throw new ConfigException(where, key, "FOR UPDATE/SHARE locks rows: not allowed in a view's query");
        List<OutputColumn> columns = columns(plain, where, key);
        return new QueryShape(sql, plain, columns, keys(plain, columns), tables(statement));
    }

    /** The lexer refuses what JSqlParser might skip over: comments and ';' separators. */
    private static void checkTokens(String sql, String where, String key) {
        List<SqlToken> tokens;
        try {
            tokens = SqlLexer.tokenize(sql);
        } catch (SqlSyntaxException e) {
            throw new ConfigException(where, key, e.getMessage());
        }
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            if (t.kind() == SqlToken.Kind.SEMICOLON && i < tokens.size() - 1) {
                throw new ConfigException(where, key, "';' at offset " + t.offset() + ": give exactly one SELECT statement");
            }
            if (t.kind() == SqlToken.Kind.COMMENT) throw new ConfigException(where, key, "comments are not accepted in a view's query");
        }
    }

    private static Statement onlyStatement(String sql, String where, String key) {
        try {
            Statements all = CCJSqlParserUtil.parseStatements(sql);
            if (all.size() != 1) throw new ConfigException(where, key, "holds " + all.size() + " statements: give exactly one SELECT");
            return all.get(0);
        } catch (JSQLParserException e) {
            String detail = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : String.valueOf(e.getMessage());
            throw new ConfigException(where, key, "is not a valid SELECT: " + detail.lines().findFirst().orElse(""));
        }
    }

    private static String kind(Statement s) {
        String n = s.getClass().getSimpleName();
        return n.toUpperCase(Locale.ROOT);
    }

    private static List<OutputColumn> columns(PlainSelect plain, String where, String key) {
        List<OutputColumn> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (SelectItem<?> item : plain.getSelectItems()) {
            Expression e = item.getExpression();
            String name = nameOf(item);
            if (name == null) throw new ConfigException(where, key, "'" + item + "' needs a name: add AS <name> (and no * in a view's query)");
            if (!seen.add(name)) throw new ConfigException(where, key, "two output columns are named " + name);
            out.add(new OutputColumn(name, e, Aggregate.of(e)));
        }
        return out;
    }

    /** The name PostgreSQL gives an output column, or null when it would be "?column?" or a star. */
    static String nameOf(SelectItem<?> item) {
        if (item.getAlias() != null) return unquote(item.getAlias().getName());
        Expression e = item.getExpression();
        if (e instanceof Column c && !c.getColumnName().equals("*")) return unquote(c.getColumnName());
        if (e instanceof Function f && f.getName() != null && !f.getName().contains(".")) return unquote(f.getName());
        return null;
    }

    /** Marks GROUP BY keys (matched by expression, alias or ordinal); keys stay empty when one is not in the output. */
    private static List<String> keys(PlainSelect plain, List<OutputColumn> columns) {
        if (plain.getDistinct() != null && plain.getDistinct().getOnSelectItems() == null) {
            return columns.stream().map(OutputColumn::name).toList();
        }
        if (plain.getGroupBy() == null || plain.getGroupBy().getGroupByExpressionList() == null) return List.of();
        if (plain.getGroupBy().getGroupingSets() != null && !plain.getGroupBy().getGroupingSets().isEmpty()) return List.of();
        List<String> keys = new ArrayList<>();
        for (Object o : plain.getGroupBy().getGroupByExpressionList()) {
            Expression g = (Expression) o;
            OutputColumn match = null;
            for (int i = 0; i < columns.size(); i++) {
                OutputColumn c = columns.get(i);
                boolean byOrdinal = g instanceof LongValue v && v.getValue() == i + 1;
                boolean byAlias = g instanceof Column gc && gc.getTable() == null && unquote(gc.getColumnName()).equals(c.name());
                if (byOrdinal || byAlias || same(g, c.expression())) {
                    match = c;
                    break;
                }
            }
            if (match == null) return List.of();
            if (!keys.contains(match.name())) keys.add(match.name());
        }
        for (int i = 0; i < columns.size(); i++) {
            OutputColumn c = columns.get(i);
            if (keys.contains(c.name())) columns.set(i, new OutputColumn(c.name(), c.expression(), Aggregate.KEY));
        }
        return List.copyOf(keys);
    }

    private static boolean same(Expression a, Expression b) {
        return a.toString().replaceAll("\\s+", " ").equalsIgnoreCase(b.toString().replaceAll("\\s+", " "));
    }

    private static Set<String> tables(Statement statement) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : new TablesNamesFinder<>().getTables(statement)) out.add(unquote(t));
        return out;
    }

    static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        return name.toLowerCase(Locale.ROOT);
    }

    /** The output columns that are not keys. */
    public List<OutputColumn> values() {
        return columns.stream().filter(c -> c.aggregate() != Aggregate.KEY).toList();
    }

    /** Whether the query uses {@code :name}. */
    public boolean uses(String parameter) {
        return SqlLexer.tokenize(sql).stream().anyMatch(t -> t.kind() == SqlToken.Kind.PARAMETER && t.text().equals(":" + parameter));
    }
}
