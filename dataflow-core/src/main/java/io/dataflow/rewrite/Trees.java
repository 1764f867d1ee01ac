package io.dataflow.rewrite;

import io.dataflow.sql.SqlTreeFields;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;

/**
 * Generic walks over a JSqlParser tree: find nodes of a kind and replace them in whatever holds
 * them. JSqlParser has dozens of container classes (functions, CASE, casts, BETWEEN, lists...);
 * walking their fields keeps a rewrite from silently missing a subquery hidden in one of them.
 */
final class Trees {


    private Trees() {
    }

    /** Every node of {@code type} under {@code root} (root included), pre-order; {@code intoSubqueries} false stops at nested SELECTs. */
    static <T> List<T> find(Object root, Class<T> type, boolean intoSubqueries) {
        List<T> out = new ArrayList<>();
        if (type.isInstance(root)) out.add(type.cast(root));
        walk(root, type::isInstance, n -> {
            out.add(type.cast(n));
            return n;
        }, intoSubqueries, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    /** Replaces every node matching {@code which} under {@code root} (not root itself) by {@code with(node)}; returns how many. */
    static int replace(Object root, Predicate<Object> which, Function<Object, Object> with, boolean intoSubqueries) {
        int[] count = {0};
        walk(root, which, n -> {
            count[0]++;
            return with.apply(n);
        }, intoSubqueries, Collections.newSetFromMap(new IdentityHashMap<>()));
        return count[0];
    }

    /** Replaces one node (by identity) under {@code root}; whether it was found. */
    static boolean replaceNode(Object root, Object node, Object with) {
        return replace(root, n -> n == node, n -> with, true) > 0;
    }

    /** Visits the children of {@code node}: a matching child is handed to {@code visit} (and not entered when replaced). */
    private static void walk(Object node, Predicate<Object> which, Function<Object, Object> visit, boolean intoSubqueries, Set<Object> seen) {
        if (!seen.add(node)) return;
        if (node instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            for (int i = 0; i < l.size(); i++) {
                Object child = l.get(i);
                Object r = child(child, which, visit, intoSubqueries, seen);
                if (r != child) l.set(i, r);
            }
            return;
        }
        for (Field f : SqlTreeFields.fields(node.getClass())) {
            try {
                Object child = f.get(node);
                if (child == null) continue;
                Object r = child(child, which, visit, intoSubqueries, seen);
                if (r != child) {
                    if (!f.getType().isInstance(r)) {
                        throw new Unsupported("cannot place " + r.getClass().getSimpleName() + " in " + node.getClass().getSimpleName());
                    }
                    f.set(node, r);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Object child(Object child, Predicate<Object> which, Function<Object, Object> visit, boolean intoSubqueries, Set<Object> seen) {
        if (!(child instanceof List<?>) && !SqlTreeFields.isTreeNode(child)) return child;
        if (!(child instanceof List<?>) && which.test(child)) {
            Object r = visit.apply(child);
            if (r != child) return r;
        }
        if (!intoSubqueries && child instanceof ParenthesedSelect) return child;
        walk(child, which, visit, intoSubqueries, seen);
        return child;
    }

    /** A shape the rewrite does not handle; its message is the reason given back to the user. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String reason) {
            super(reason);
        }
    }
}
