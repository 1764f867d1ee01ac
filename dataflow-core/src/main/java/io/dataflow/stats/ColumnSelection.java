package io.dataflow.stats;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import io.dataflow.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * The guide's {@code columns}: {@code "all"} or a list of column names, applied to every table of
 * the node (a list must name columns every one of those tables has).
 *
 * @param names the chosen columns; empty means all
 */
public record ColumnSelection(List<String> names) {

    public static final ColumnSelection ALL = new ColumnSelection(List.of());

    public ColumnSelection {
        names = List.copyOf(names);
    }

    public static ColumnSelection of(String... names) {
        return new ColumnSelection(List.of(names));
    }

    public boolean isAll() {
        return names.isEmpty();
    }

    /** Reads a config value: null or {@code "all"} for every column, else a non-empty list of names. */
    public static ColumnSelection parse(Object value, String where, String key) {
        if (value == null || "all".equals(value)) return ALL;
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(where, key, "must be 'all' or a non-empty list of column names, got " + ConfigReader.describe(value));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof String s)) {
                throw new ConfigException(where, key + "[" + i + "]", "must be a column name, got " + ConfigReader.describe(item));
            }
            out.add(Identifiers.require(s, where, key + "[" + i + "]"));
        }
        return new ColumnSelection(out);
    }

    /** The chosen columns of one table, refusing any it does not have. */
    List<String> resolve(SchemaTables.Table table, String where, String key) {
        if (isAll()) return table.columnNames();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!table.columnNames().contains(name)) {
                throw new ConfigException(where, key + "[" + i + "]", "table " + table.name() + " has no column '" + name + "'"
                        + DidYouMean.hint(name, table.columnNames()) + "; its columns: " + String.join(", ", table.columnNames()));
            }
        }
        return names;
    }
}
