package io.dataflow.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/** The top-level AND conjuncts of a parsed predicate, and back: shared by the optimizer and the rewriter. */
public final class Conjuncts {

    private Conjuncts() {
    }

    /** The conjuncts (parentheses around a single AND chain are looked through; other parentheses are kept). */
    public static List<Expression> of(Expression e) {
        List<Expression> out = new ArrayList<>();
        collect(e, out);
        return out;
    }

    private static void collect(Expression e, List<Expression> out) {
        if (e == null) return;
        if (e instanceof AndExpression and) {
            collect(and.getLeftExpression(), out);
            collect(and.getRightExpression(), out);
        } else if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1 && p.get(0) instanceof AndExpression) {
            collect(p.get(0), out);
        } else {
            out.add(e);
        }
    }

    /** The conjuncts joined with AND again, or null for none. */
    public static Expression and(List<Expression> conjuncts) {
        Expression out = null;
        for (Expression c : conjuncts) out = out == null ? c : new AndExpression(out, c);
        return out;
    }
}
