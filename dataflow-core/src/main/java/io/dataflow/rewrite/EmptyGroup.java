package io.dataflow.rewrite;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/**
 * The COUNT bug, decided: evaluates a WHERE conjunct with a scalar aggregate subquery replaced by
 * the value it has for an outer row without matching rows (0 for COUNT, NULL for the others). Only
 * when that is provably not true may the join drop such rows (inner join); anything this evaluator
 * cannot decide (outer columns, functions) counts as "might be true" and keeps the LEFT JOIN.
 */
final class EmptyGroup {

    /** SQL's three truth values, plus "cannot tell". */
    enum Truth { TRUE, FALSE, NULL, UNKNOWN }

    private static final Object NULL = new Object();
    private static final Object UNDECIDED = new Object();

    private static final class Undecidable extends RuntimeException {
        Undecidable() {
            super(null, null, false, false);
        }
    }

    private EmptyGroup() {
    }

    static Truth evaluate(Expression conjunct, Expression subquery, BigDecimal emptyValue) {
        try {
            Object v = value(conjunct, subquery, emptyValue);
            if (v == NULL) return Truth.NULL;
            if (v instanceof Boolean b) return b ? Truth.TRUE : Truth.FALSE;
            return Truth.UNKNOWN;
        } catch (Undecidable e) {
            return Truth.UNKNOWN;
        }
    }

    /** Whether a row whose group is empty is provably filtered out by the conjunct. */
    static boolean provablyNotTrue(Expression conjunct, Expression subquery, BigDecimal emptyValue) {
        Truth t = evaluate(conjunct, subquery, emptyValue);
        return t == Truth.FALSE || t == Truth.NULL;
    }

    private static Object value(Expression e, Expression sub, BigDecimal empty) {
        if (e == sub) return empty == null ? NULL : empty;
        if (e instanceof LongValue l) return new BigDecimal(l.getStringValue());
        if (e instanceof DoubleValue d) return new BigDecimal(d.toString());
        if (e instanceof NullValue) return NULL;
        if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) return value(p.get(0), sub, empty);
        if (e instanceof SignedExpression s) {
            Object v = value(s.getExpression(), sub, empty);
            if (v == NULL) return NULL;
            BigDecimal n = number(v);
            return s.getSign() == '-' ? n.negate() : n;
        }
        if (e instanceof Addition a) return arithmetic(a.getLeftExpression(), a.getRightExpression(), sub, empty, '+');
        if (e instanceof Subtraction a) return arithmetic(a.getLeftExpression(), a.getRightExpression(), sub, empty, '-');
        if (e instanceof Multiplication a) return arithmetic(a.getLeftExpression(), a.getRightExpression(), sub, empty, '*');
        if (e instanceof Division a) return arithmetic(a.getLeftExpression(), a.getRightExpression(), sub, empty, '/');
        if (e instanceof AndExpression a) {
            Object l = value(a.getLeftExpression(), sub, empty);
            Object r = value(a.getRightExpression(), sub, empty);
            if (Boolean.FALSE.equals(l) || Boolean.FALSE.equals(r)) return false;
            if (l == NULL || r == NULL) return NULL;
            return bool(l) && bool(r);
        }
        if (e instanceof OrExpression o) {
            Object l = value(o.getLeftExpression(), sub, empty);
            Object r = value(o.getRightExpression(), sub, empty);
            if (Boolean.TRUE.equals(l) || Boolean.TRUE.equals(r)) return true;
            if (l == NULL || r == NULL) return NULL;
            return bool(l) || bool(r);
        }
        if (e instanceof NotExpression n) {
            Object v = value(n.getExpression(), sub, empty);
            return v == NULL ? NULL : !bool(v);
        }
        if (e instanceof IsNullExpression n) {
            boolean isNull = value(n.getLeftExpression(), sub, empty) == NULL;
            return n.isNot() != isNull;
        }
        if (e instanceof Between b) {
            Object v = value(b.getLeftExpression(), sub, empty);
            Object lo = value(b.getBetweenExpressionStart(), sub, empty);
            Object hi = value(b.getBetweenExpressionEnd(), sub, empty);
            if (v == NULL || lo == NULL || hi == NULL) return NULL;
            boolean in = number(v).compareTo(number(lo)) >= 0 && number(v).compareTo(number(hi)) <= 0;
            return b.isNot() != in;
        }
        if (e instanceof ComparisonOperator c) {
            Object l = strictOperand(c.getLeftExpression(), sub, empty);
            Object r = strictOperand(c.getRightExpression(), sub, empty);
            if (l == NULL || r == NULL) return NULL; // a comparison with NULL is NULL, whatever the other side
            if (l == UNDECIDED || r == UNDECIDED) throw new Undecidable();
            int cmp = number(l).compareTo(number(r));
            if (c instanceof EqualsTo) return cmp == 0;
            if (c instanceof NotEqualsTo) return cmp != 0;
            if (c instanceof GreaterThan) return cmp > 0;
            if (c instanceof GreaterThanEquals) return cmp >= 0;
            if (c instanceof MinorThan) return cmp < 0;
            if (c instanceof MinorThanEquals) return cmp <= 0;
            throw new Undecidable();
        }
        if (e instanceof Function f && f.getName() != null && f.getName().equalsIgnoreCase("coalesce") && f.getParameters() != null) {
            for (Expression arg : (List<? extends Expression>) f.getParameters()) {
                Object v = value(arg, sub, empty);
                if (v != NULL) return v;
            }
            return NULL;
        }
        throw new Undecidable();
    }

    /** An operand of a strict operator: its value, or UNDECIDED (a column, a function) instead of giving up at once. */
    private static Object strictOperand(Expression e, Expression sub, BigDecimal empty) {
        try {
            return value(e, sub, empty);
        } catch (Undecidable u) {
            return UNDECIDED;
        }
    }

    private static Object arithmetic(Expression left, Expression right, Expression sub, BigDecimal empty, char op) {
        Object l = strictOperand(left, sub, empty);
        Object r = strictOperand(right, sub, empty);
        if (l == NULL || r == NULL) return NULL; // + - * / with NULL is NULL
        if (l == UNDECIDED || r == UNDECIDED) throw new Undecidable();
        BigDecimal a = number(l);
        BigDecimal b = number(r);
        return switch (op) {
            case '+' -> a.add(b);
            case '-' -> a.subtract(b);
            case '*' -> a.multiply(b);
            default -> {
                if (b.signum() == 0) throw new Undecidable(); // division by zero: an error, not a value
                if (a.scale() <= 0 && b.scale() <= 0) yield new BigDecimal(a.toBigInteger().divide(b.toBigInteger())); // integer division truncates
                yield a.divide(b, MathContext.DECIMAL64);
            }
        };
    }

    private static BigDecimal number(Object v) {
        if (v instanceof BigDecimal n) return n;
        throw new Undecidable();
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) return b;
        throw new Undecidable();
    }
}
