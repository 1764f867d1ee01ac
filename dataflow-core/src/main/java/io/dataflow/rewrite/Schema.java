package io.dataflow.rewrite;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rewrites need to know about tables: their columns (to resolve unqualified names), each
 * column's type (sargable rewrites are exact only for some types), NOT NULL (NOT IN → anti-join)
 * and unique keys (ordered comparison).
 */
public interface Schema {

    /** One column: its PostgreSQL type as {@code format_type} prints it (e.g. "timestamp without time zone") and nullability. */
    record Column(String name, String type, boolean notNull) {
    }

    /** A table's columns by name, and its unique keys (primary key first). */
    record Table(String name, Map<String, Column> columns, List<List<String>> uniqueKeys) {
        public Table {
            columns = Map.copyOf(columns);
            uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
        }
    }

    /** The table as named in a query (optionally schema-qualified), or empty when unknown. */
    Optional<Table> table(String name);

    /** A schema that knows nothing: rewrites that need facts decline. */
    static Schema none() {
        return name -> Optional.empty();
    }

    /** A fixed set of tables (tests, or a schema read once). */
    static Schema of(List<Table> tables) {
        Map<String, Table> byName = new java.util.HashMap<>();
        tables.forEach(t -> byName.put(t.name().toLowerCase(java.util.Locale.ROOT), t));
        return name -> Optional.ofNullable(byName.get(Names.unquote(name)));
    }
}
