package io.dataflow.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Rewrites of a statement made on its JSqlParser tree and printed back (formatting is not kept,
 * meaning is): replacing a predicate, dropping MATERIALIZED from a CTE so the planner can push
 * filters into it.
 */
final class SqlRewriter {

    private SqlRewriter() {
    }

    /** The statement with every predicate printed as {@code target} replaced by {@code replacement}. */
    static Optional<String> replacePredicate(String sql, String target, String replacement) {
        Statement statement = parse(sql);
        Expression with;
        try {
            with = CCJSqlParserUtil.parseCondExpression(replacement);
        } catch (JSQLParserException e) {
            return Optional.empty();
        }
        Expression wrapped = replacement.toUpperCase(Locale.ROOT).contains(" AND ") ? new ParenthesedExpressionList<>(with) : with;
        boolean[] changed = {false};
        selects(statement, p -> {
            if (p.getWhere() != null) p.setWhere(replace(p.getWhere(), target, wrapped, changed));
            if (p.getHaving() != null) p.setHaving(replace(p.getHaving(), target, wrapped, changed));
            if (p.getJoins() != null) {
                for (Join j : p.getJoins()) {
                    if (j.getOnExpressions() == null) continue;
                    List<Expression> on = new ArrayList<>();
                    for (Expression e : j.getOnExpressions()) on.add(replace(e, target, wrapped, changed));
                    j.setOnExpressions(on);
                }
            }
        });
        return changed[0] ? Optional.of(statement.toString()) : Optional.empty();
    }

    private static Expression replace(Expression e, String target, Expression with, boolean[] changed) {
        if (e.toString().equals(target)) {
            changed[0] = true;
            return with;
        }
        if (e instanceof AndExpression || e instanceof OrExpression) {
            BinaryExpression b = (BinaryExpression) e;
            b.setLeftExpression(replace(b.getLeftExpression(), target, with, changed));
            b.setRightExpression(replace(b.getRightExpression(), target, with, changed));
        } else if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            return new ParenthesedExpressionList<>(replace(p.get(0), target, with, changed));
        } else if (e instanceof NotExpression n) {
            n.setExpression(replace(n.getExpression(), target, with, changed));
        }
        return e;
    }

    /** The statement with MATERIALIZED dropped from the named CTE, if it had it. */
    static Optional<String> inlineCte(String sql, String name) {
        Statement statement = parse(sql);
        if (!(statement instanceof Select select) || select.getWithItemsList() == null) return Optional.empty();
        for (WithItem<?> w : select.getWithItemsList()) {
            if (w.isMaterialized() && QueryShapeReader.name(w.getAliasName()).equals(name)) {
                w.setMaterialized(false);
                return Optional.of(statement.toString());
            }
        }
        return Optional.empty();
    }

    /** Every PlainSelect of the statement: its CTEs, set operations and FROM subqueries. */
    static void selects(Statement statement, Consumer<PlainSelect> action) {
        if (statement instanceof Select s) select(s, action);
    }

    private static void select(Select s, Consumer<PlainSelect> action) {
        if (s.getWithItemsList() != null) {
            for (WithItem<?> w : s.getWithItemsList()) {
                if (w.getParenthesedStatement() instanceof ParenthesedSelect ps) select(ps, action);
            }
        }
        if (s instanceof PlainSelect p) {
            action.accept(p);
            from(p.getFromItem(), action);
            if (p.getJoins() != null) p.getJoins().forEach(j -> from(j.getRightItem(), action));
        } else if (s instanceof SetOperationList set) {
            set.getSelects().forEach(x -> select(x, action));
        } else if (s instanceof ParenthesedSelect ps && ps.getSelect() != null) {
            select(ps.getSelect(), action);
        }
    }

    private static void from(FromItem item, Consumer<PlainSelect> action) {
        if (item instanceof ParenthesedSelect ps) select(ps, action);
    }

    private static Statement parse(String sql) {
        try {
            return io.dataflow.sql.SqlParser.statement(sql);
        } catch (io.dataflow.sql.SqlParseException e) {
            throw new PlanException(e.getMessage(), e.position(), e);
        }
    }
}
