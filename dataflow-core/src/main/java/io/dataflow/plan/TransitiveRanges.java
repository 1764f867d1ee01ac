package io.dataflow.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Range conditions the planner does not carry across a join. PostgreSQL's equivalence classes pass
 * equalities on ({@code a.id = b.id AND a.id = 5} also filters {@code b.id = 5}) but not ranges:
 * with {@code a.id = b.id AND a.id > 100}, b is still read whole. In a SELECT whose joins are all
 * inner, each range on one side of a join equality is copied to the other side, when both columns
 * have the same type (so the comparison means the same on both). The result of the inner join is
 * unchanged: every joined row has equal values, so the copied condition holds for exactly the rows
 * the original kept.
 */
final class TransitiveRanges {

    /** The rewritten SQL and the conditions added. */
    record Rewrite(String sql, List<String> added) {
    }

    private TransitiveRanges() {
    }

    /**
     * @param sql  one SELECT
     * @param type the data type of table (as written in FROM) and column, or null when unknown
     */
    static Optional<Rewrite> apply(String sql, BiFunction<String, String, String> type) {
        Statement statement;
        try {
            statement = io.dataflow.sql.SqlParser.statement(sql);
        } catch (io.dataflow.sql.SqlParseException e) {
            return Optional.empty();
        }
        if (!(statement instanceof PlainSelect select) || select.getWhere() == null || !innerJoinsOnly(select)) return Optional.empty();
        if (new TablesNamesFinder<Void>().getTables((Statement) select).size() != tables(select).size()) return Optional.empty(); // subqueries: leave alone
        Map<String, String> aliases = aliases(select);
        List<Expression> where = conjuncts(select.getWhere());
        List<Expression> conditions = new ArrayList<>(where);
        if (select.getJoins() != null) {
            for (Join j : select.getJoins()) if (j.getOnExpressions() != null) j.getOnExpressions().forEach(e -> conditions.addAll(conjuncts(e)));
        }
        List<Column[]> equalities = new ArrayList<>();
        for (Expression e : conditions) {
            if (e instanceof EqualsTo eq && eq.getLeftExpression() instanceof Column l && eq.getRightExpression() instanceof Column r
                    && !owner(l, aliases).equals(owner(r, aliases))) {
                equalities.add(new Column[] {l, r});
            }
        }
        Set<String> present = new LinkedHashSet<>();
        for (Expression e : where) present.add(normalized(e.toString()));
        List<String> added = new ArrayList<>();
        for (Expression e : where) {
            for (Column[] eq : equalities) {
                for (int side = 0; side < 2; side++) {
                    Column from = eq[side];
                    Column to = eq[1 - side];
                    Optional<String> copied = copy(e, from, to);
                    if (copied.isEmpty() || present.contains(normalized(copied.get()))) continue;
                    if (owner(from, aliases).startsWith("?") || owner(to, aliases).startsWith("?")) continue; // unqualified: not resolved here
                    String a = type.apply(owner(from, aliases), from.getColumnName());
                    String b = type.apply(owner(to, aliases), to.getColumnName());
                    if (a == null || !a.equals(b)) continue;
                    present.add(normalized(copied.get()));
                    added.add(copied.get());
                }
            }
        }
        if (added.isEmpty()) return Optional.empty();
        Expression w = select.getWhere();
        for (String a : added) {
            try {
                w = new AndExpression(w, CCJSqlParserUtil.parseCondExpression(a));
            } catch (JSQLParserException e) {
                return Optional.empty();
            }
        }
        select.setWhere(w);
        return Optional.of(new Rewrite(select.toString(), List.copyOf(added)));
    }

    /** {@code e} with {@code from} replaced by {@code to}, when e compares {@code from} (alone on its side) with a constant. */
    private static Optional<String> copy(Expression e, Column from, Column to) {
        if (e instanceof Between b && same(b.getLeftExpression(), from) && constant(b.getBetweenExpressionStart())
                && constant(b.getBetweenExpressionEnd()) && !b.isNot()) {
            return Optional.of(to + " BETWEEN " + b.getBetweenExpressionStart() + " AND " + b.getBetweenExpressionEnd());
        }
        if (!(e instanceof GreaterThan || e instanceof GreaterThanEquals || e instanceof MinorThan || e instanceof MinorThanEquals)) {
            return Optional.empty();
        }
        BinaryExpression c = (BinaryExpression) e;
        if (same(c.getLeftExpression(), from) && constant(c.getRightExpression())) {
            return Optional.of(to + " " + c.getStringExpression() + " " + c.getRightExpression());
        }
        if (same(c.getRightExpression(), from) && constant(c.getLeftExpression())) {
            return Optional.of(c.getLeftExpression() + " " + c.getStringExpression() + " " + to);
        }
        return Optional.empty();
    }

    private static boolean same(Expression e, Column c) {
        return e instanceof Column x && normalized(x.getFullyQualifiedName()).equals(normalized(c.getFullyQualifiedName()));
    }

    /** No column and no subquery: a literal, a parameter, or an expression of them (now(), interval arithmetic). */
    private static boolean constant(Expression e) {
        String text = e.toString().toLowerCase(Locale.ROOT);
        if (text.contains("select")) return false;
        boolean[] column = {false};
        e.accept(new net.sf.jsqlparser.util.deparser.ExpressionDeParser() {
            @Override
            public <S> StringBuilder visit(Column c, S context) {
                // JSqlParser reads bare words such as CURRENT_DATE as columns; those are constants here
                String n = c.getColumnName().toLowerCase(Locale.ROOT);
                if (c.getTable() != null || !Set.of("current_date", "current_timestamp", "localtimestamp", "current_time", "localtime").contains(n)) {
                    column[0] = true;
                }
                return super.visit(c, context);
            }
        }, null);
        return !column[0];
    }

    private static boolean innerJoinsOnly(PlainSelect select) {
        if (select.getJoins() == null) return false; // no join, nothing to carry
        for (Join j : select.getJoins()) {
            if (j.isLeft() || j.isRight() || j.isFull() || j.isOuter() || j.isNatural() || j.isApply() || j.isSemi() || j.isStraight()
                    || j.isWindowJoin() || j.isGlobal()) {
                return false;
            }
            if (!(j.getFromItem() instanceof Table)) return false;
        }
        return select.getFromItem() instanceof Table;
    }

    private static List<Table> tables(PlainSelect select) {
        List<Table> out = new ArrayList<>();
        out.add((Table) select.getFromItem());
        for (Join j : select.getJoins()) out.add((Table) j.getFromItem());
        return out;
    }

    /** Alias (or table name) as written, lower case, to the table as written. */
    private static Map<String, String> aliases(PlainSelect select) {
        Map<String, String> out = new HashMap<>();
        for (Table t : tables(select)) {
            String name = t.getFullyQualifiedName();
            out.put(normalized(t.getAlias() != null ? t.getAlias().getName() : t.getName()), name);
        }
        return out;
    }

    private static String owner(Column c, Map<String, String> aliases) {
        if (c.getTable() == null || c.getTable().getName() == null) return "?" + c.getColumnName();
        return aliases.getOrDefault(normalized(c.getTable().getName()), "?" + c.getTable().getName());
    }

    /** The conjuncts, each with parentheses around a single condition taken off: {@code (p.id > 5)} compares like {@code p.id > 5}. */
    private static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        for (Expression c : io.dataflow.sql.Conjuncts.of(e)) {
            while (c instanceof net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList<?> p && p.size() == 1) c = p.get(0);
            out.add(c);
        }
        return out;
    }

    private static String normalized(String s) {
        return s.replace("\"", "").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
