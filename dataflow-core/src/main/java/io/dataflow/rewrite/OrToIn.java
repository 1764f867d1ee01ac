package io.dataflow.rewrite;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * {@code col = a OR col = b OR col = c} → {@code col IN (a, b, c)}: one index scan with an array
 * of keys instead of a BitmapOr of several. Exact: PostgreSQL defines IN as those equalities ORed.
 */
final class OrToIn {

    void apply(PlainSelect ps, List<Transformation> done) {
        if (ps.getWhere() == null) return;
        Expression where = ps.getWhere();
        Expression top = rewrite(where, done);
        if (top != null) {
            ps.setWhere(top);
            return;
        }
        Trees.replace(where, n -> n instanceof OrExpression, n -> {
            Expression r = rewrite((Expression) n, done);
            return r == null ? n : r;
        }, false);
    }

    private static Expression rewrite(Expression e, List<Transformation> done) {
        if (!(e instanceof OrExpression)) return null;
        List<Expression> leaves = new ArrayList<>();
        leaves(e, leaves);
        Column col = null;
        List<Expression> values = new ArrayList<>();
        for (Expression leaf : leaves) {
            if (!(leaf instanceof EqualsTo eq)) return null;
            Column c;
            Expression v;
            if (eq.getLeftExpression() instanceof Column l && isLiteral(eq.getRightExpression())) {
                c = l;
                v = eq.getRightExpression();
            } else if (eq.getRightExpression() instanceof Column r && isLiteral(eq.getLeftExpression())) {
                c = r;
                v = eq.getLeftExpression();
            } else {
                return null;
            }
            if (Scope.isKeyword(c)) return null;
            if (col == null) col = c;
            else if (!col.getFullyQualifiedName().equalsIgnoreCase(c.getFullyQualifiedName())) return null;
            values.add(v);
        }
        if (values.size() < 2) return null;
        InExpression in = new InExpression(Exprs.copy(col), new ParenthesedExpressionList<>(values.stream().map(Exprs::copy).toList()));
        done.add(new Transformation("or_to_in", e + " → " + in));
        return in;
    }

    private static void leaves(Expression e, List<Expression> out) {
        if (e instanceof OrExpression or) {
            leaves(or.getLeftExpression(), out);
            leaves(or.getRightExpression(), out);
        } else if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1 && p.get(0) instanceof OrExpression) {
            leaves(p.get(0), out);
        } else {
            out.add(e);
        }
    }

    private static boolean isLiteral(Expression e) {
        return e instanceof LongValue || e instanceof StringValue || e instanceof DoubleValue || e instanceof DateTimeLiteralExpression;
    }
}
