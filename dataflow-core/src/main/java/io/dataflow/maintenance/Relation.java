package io.dataflow.maintenance;

import io.dataflow.sql.Identifiers;

/**
 * A table or index as the catalog knows it.
 *
 * @param oid     its pg_class oid
 * @param schema  its schema
 * @param name    its name
 * @param relkind r (table), m (materialized view), p (partitioned table), i (index), ...
 * @param toastOid its TOAST table's oid, 0 when it has none
 */
public record Relation(long oid, String schema, String name, String relkind, long toastOid) {

    /** The schema-qualified, quoted name for SQL. */
    public String sql() {
        return Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }

    /** schema.name as reports print it. */
    public String qualified() {
        return schema + "." + name;
    }
}
