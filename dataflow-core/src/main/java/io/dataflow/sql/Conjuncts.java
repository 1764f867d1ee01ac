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

    private static void collect(Expression root, List<Expression> out) {
        java.util.Deque<Expression> todo = new java.util.ArrayDeque<>(); // no recursion: a chain may be long
        if (root != null) todo.push(root);
        while (!todo.isEmpty()) {
            Expression e = todo.pop();
            if (e instanceof AndExpression and) {
                todo.push(and.getRightExpression());
                todo.push(and.getLeftExpression());
            } else if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1 && p.get(0) instanceof AndExpression a) {
                todo.push(a);
            } else {
                out.add(e);
            }
        }
    }

    /** The conjuncts joined with AND again, or null for none (balanced when long: see {@link ChainBalancer}). */
    public static Expression and(List<Expression> conjuncts) {
        if (conjuncts.size() > ChainBalancer.LONG_CHAIN) return ChainBalancer.join(conjuncts, true);
        Expression out = null;
        for (Expression c : conjuncts) out = out == null ? c : new AndExpression(out, c);
        return out;
    }
}
