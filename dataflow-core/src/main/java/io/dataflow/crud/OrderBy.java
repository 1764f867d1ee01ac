package io.dataflow.crud;

import io.dataflow.config.ConfigException;
import java.util.Locale;

/** One ORDER BY term. The column is checked against the model when the query runs. */
public record OrderBy(String column, boolean descending) {

    public OrderBy {
        if (column == null || column.isBlank()) throw new ConfigException(null, "order_by", "a column name is required");
    }

    public static OrderBy asc(String column) {
        return new OrderBy(column, false);
    }

    public static OrderBy desc(String column) {
        return new OrderBy(column, true);
    }

    /** Reads {@code "created_at"}, {@code "-created_at"}, {@code "+created_at"}, {@code "created_at desc"} or {@code "created_at asc"}. */
    public static OrderBy parse(String spec) {
        if (spec == null || spec.isBlank()) throw new ConfigException(null, "order_by", "a column name is required");
        String text = spec.trim();
        if (text.startsWith("-")) return new OrderBy(single(text.substring(1), spec), true);
        if (text.startsWith("+")) return new OrderBy(single(text.substring(1), spec), false);
        String[] words = text.split("\\s+");
        if (words.length == 1) return new OrderBy(words[0], false);
        if (words.length == 2) {
            String direction = words[1].toLowerCase(Locale.ROOT);
            if (direction.equals("desc")) return new OrderBy(words[0], true);
            if (direction.equals("asc")) return new OrderBy(words[0], false);
        }
        throw new ConfigException(null, "order_by", "'" + spec + "' is not an ordering: write column, -column, column asc or column desc");
    }

    private static String single(String column, String spec) {
        String c = column.trim();
        if (c.isEmpty() || c.contains(" ") || c.startsWith("-") || c.startsWith("+")) {
            throw new ConfigException(null, "order_by", "'" + spec + "' is not an ordering: write column, -column, column asc or column desc");
        }
        return c;
    }

    @Override
    public String toString() {
        return descending ? column + " desc" : column;
    }
}
