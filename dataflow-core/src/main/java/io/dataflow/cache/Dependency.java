package io.dataflow.cache;

import io.dataflow.config.ConfigException;
import java.util.List;
import java.util.Locale;

/**
 * One thing a cached entry depends on: writes of one kind to one table ({@code products.update}), or
 * of any kind ({@code orders.*}). Each has its own generation counter; a write bumps the counter of
 * its kind and the table's {@code *} counter, so an entry that depends on either sees the change.
 *
 * @param table the table as PostgreSQL names it (unqualified for {@code public}, else {@code schema.table})
 * @param op    insert, update, delete, or {@code *} for any
 */
public record Dependency(String table, String op) {

    public static final List<String> OPS = List.of("insert", "update", "delete", "*");

    public static Dependency any(String table) {
        return new Dependency(table, "*");
    }

    /** {@code table.op} as the guide writes it in {@code invalidate_on}. */
    public static Dependency parse(String text, String where, String key) {
        int dot = text == null ? -1 : text.lastIndexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new ConfigException(where, key, "'" + text + "' is not table.operation: write e.g. products.update, products.delete or orders.*");
        }
        String op = text.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!OPS.contains(op)) {
            throw new ConfigException(where, key, "'" + op + "' in '" + text + "' is not an operation; accepted: insert, update, delete, * (any)");
        }
        return new Dependency(TableNames.normalize(text.substring(0, dot)), op);
    }

    /** The name of its generation counter, e.g. {@code products.update}. */
    public String counter() {
        return table + "." + op;
    }

    @Override
    public String toString() {
        return counter();
    }
}
