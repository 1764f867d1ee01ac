package io.dataflow.sql;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reflective access to a JSqlParser tree's child fields, for the walks that must reach every node
 * (JSqlParser has no generic child visitor): the chain balancer's and the rewriter's. One cache per
 * class, shared by both.
 */
public final class SqlTreeFields {

    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private SqlTreeFields() {
    }

    /** Whether {@code o} is a node of a JSqlParser tree (not the parser's own machinery, not an enum). */
    public static boolean isTreeNode(Object o) {
        String name = o.getClass().getName();
        return name.startsWith("net.sf.jsqlparser.") && !name.startsWith("net.sf.jsqlparser.parser.") && !o.getClass().isEnum();
    }

    /** The fields of a tree node's class that may hold children; none for a class outside JSqlParser. */
    public static List<Field> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Field> out = new ArrayList<>();
            if (!t.getName().startsWith("net.sf.jsqlparser.")) return out;
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || f.getType() == String.class) continue;
                    if (f.getType().getName().startsWith("net.sf.jsqlparser.parser.")) continue;
                    f.setAccessible(true);
                    out.add(f);
                }
            }
            return List.copyOf(out);
        });
    }
}
