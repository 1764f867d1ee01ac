package io.dataflow.sql;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;

/**
 * JSqlParser reads {@code a OR b OR c ...} into a left-deep binary tree: one level per term, so a
 * 10,000-term ORM filter overflows the stack in {@code toString} and in every visitor. AND and OR
 * are associative (also with NULLs), so a long chain is rebuilt as a balanced tree of the same
 * terms in the same order: it prints the same SQL and is log2(n) deep. The walk over the tree is
 * iterative (an explicit stack), since the tree it fixes is too deep to recurse over. Chains of at
 * most {@link #LONG_CHAIN} terms keep their shape.
 */
public final class ChainBalancer {

    /** Chains longer than this are rebalanced. */
    public static final int LONG_CHAIN = 64;


    private ChainBalancer() {
    }

    /** The same tree with every long AND/OR chain under {@code root} balanced (in place). */
    public static <T> T balance(T root) {
        walk(root);
        return root;
    }

    /** As {@link #balance}, for an expression that may itself be a long chain. */
    public static Expression balanceExpression(Expression root) {
        Deque<Object> todo = new ArrayDeque<>();
        Expression top = child(root, todo);
        if (top == root) todo.push(root);
        walkFrom(todo);
        return top;
    }

    /** The terms joined by {@code and} (or {@code or}) into a balanced tree: what {@link Conjuncts#and} uses for long lists. */
    public static Expression join(List<? extends Expression> terms, boolean and) {
        if (terms.isEmpty()) return null;
        return build(terms, 0, terms.size(), and);
    }

    private static void walk(Object root) {
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(root);
        walkFrom(todo);
    }

    private static void walkFrom(Deque<Object> todo) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Object node = todo.pop();
            if (!seen.add(node)) continue;
            if (node instanceof List<?> list) {
                @SuppressWarnings("unchecked")
                List<Object> l = (List<Object>) list;
                for (int i = 0; i < l.size(); i++) {
                    Object c = l.get(i);
                    if (c == null) continue;
                    Object r = c instanceof Expression e ? child(e, todo) : c;
                    if (r != c) {
                        try {
                            l.set(i, r);
                        } catch (UnsupportedOperationException e) {
                            todo.push(c); // an immutable list: leave its chain as it is
                            continue;
                        }
                    } else if (SqlTreeFields.isTreeNode(c)) {
                        todo.push(c);
                    }
                }
                continue;
            }
            for (Field f : SqlTreeFields.fields(node.getClass())) {
                try {
                    Object c = f.get(node);
                    if (c == null) continue;
                    Object r = c instanceof Expression e ? child(e, todo) : c;
                    if (r != c && f.getType().isInstance(r)) {
                        f.set(node, r);
                    } else if (SqlTreeFields.isTreeNode(c)) {
                        todo.push(c);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * A child expression: a long chain comes back balanced, its terms queued for walking; anything
     * else comes back as it is (the caller queues it).
     */
    private static Expression child(Expression e, Deque<Object> todo) {
        boolean and = e.getClass() == AndExpression.class;
        if (!and && e.getClass() != OrExpression.class) return e;
        List<Expression> terms = terms((BinaryExpression) e);
        if (terms.size() <= LONG_CHAIN) return e;
        List<Expression> out = new ArrayList<>(terms.size());
        for (Expression t : terms) {
            Expression r = child(t, todo); // a term may be a long chain of the other kind (bounded: it starts a new chain)
            if (r == t) todo.push(t);
            out.add(r);
        }
        return build(out, 0, out.size(), and);
    }

    /** The terms of a chain of one operator, left to right, without recursion. */
    private static List<Expression> terms(BinaryExpression root) {
        List<Expression> out = new ArrayList<>();
        Deque<Expression> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Expression e = stack.pop();
            if (e.getClass() == root.getClass() && e instanceof BinaryExpression b && !usesSymbol(b)) {
                stack.push(b.getRightExpression());
                stack.push(b.getLeftExpression());
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean usesSymbol(BinaryExpression b) {
        return b instanceof AndExpression a && a.isUseOperator();
    }

    private static Expression build(List<? extends Expression> terms, int from, int to, boolean and) {
        if (to - from == 1) return terms.get(from);
        int mid = (from + to) >>> 1;
        Expression left = build(terms, from, mid, and);
        Expression right = build(terms, mid, to, and);
        return and ? new AndExpression(left, right) : new OrExpression(left, right);
    }
}
