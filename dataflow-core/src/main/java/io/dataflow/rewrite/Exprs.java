package io.dataflow.rewrite;

import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/** Small helpers over expressions: AND conjuncts, deep copies, parentheses. */
final class Exprs {

    private Exprs() {
    }

    /** The top-level AND conjuncts of a predicate (parentheses around a single AND chain are looked through). */
    static List<Expression> conjuncts(Expression e) {
        return io.dataflow.sql.Conjuncts.of(e);
    }

    /** The conjuncts joined with AND again, or null for none. */
    static Expression and(List<Expression> conjuncts) {
        return io.dataflow.sql.Conjuncts.and(conjuncts);
    }

    /** A fresh copy: trees are mutated by later rewrites, so a node is never shared between two places. */
    static Expression copy(Expression e) {
        try {
            return io.dataflow.sql.SqlParser.expression(e.toString()); // long chains come back balanced
        } catch (io.dataflow.sql.SqlParseException ex) {
            throw new IllegalStateException("JSqlParser cannot re-read its own output: " + e, ex);
        }
    }

    static Expression parse(String expression) {
        try {
            return io.dataflow.sql.SqlParser.expression(expression);
        } catch (io.dataflow.sql.SqlParseException ex) {
            throw new IllegalStateException("cannot parse generated expression " + expression, ex);
        }
    }

    /** Wraps in parentheses unless it is an atom. */
    static Expression paren(Expression e) {
        if (e instanceof net.sf.jsqlparser.schema.Column || e instanceof net.sf.jsqlparser.expression.LongValue
                || e instanceof net.sf.jsqlparser.expression.StringValue || e instanceof ParenthesedExpressionList<?>
                || e instanceof net.sf.jsqlparser.expression.Function) {
            return e;
        }
        return new ParenthesedExpressionList<>(e);
    }
}
