package io.dataflow.maintenance;

import io.dataflow.config.ConfigException;
import io.dataflow.sql.Identifiers;

/**
 * A table named in a config: {@code orders} (found through the search_path) or
 * {@code sales.orders}. Each part is validated and quoted, never spliced in as written.
 *
 * @param schema the schema, or null for the search_path
 * @param name   the table
 */
public record TableName(String schema, String name) {

    public static TableName parse(String text, String where, String key) {
        if (text == null || text.isBlank()) throw new ConfigException(where, key, "a table name is required");
        String[] parts = text.split("\\.", -1);
        if (parts.length > 2) throw new ConfigException(where, key, "'" + text + "' is not a table name: write table or schema.table");
        if (parts.length == 2) {
            return new TableName(Identifiers.require(parts[0], where, key), Identifiers.require(parts[1], where, key));
        }
        return new TableName(null, Identifiers.require(parts[0], where, key));
    }

    /** The quoted name, as SQL and {@code to_regclass} read it. */
    public String sql() {
        return schema == null ? Identifiers.quote(name) : Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
