package io.dataflow.plan;

import java.util.List;

/**
 * An index that exists.
 *
 * @param name       index name
 * @param table      the table, as QueryShape names it
 * @param columns    key columns; an expression key appears as its text
 * @param include    INCLUDE columns
 * @param where      partial-index predicate, or null
 * @param unique     unique or primary key (these enforce constraints and are never reported unused)
 * @param primary    the primary key
 * @param sizeBytes  on-disk size
 * @param scans      index scans since statistics were reset
 * @param definition {@code pg_get_indexdef}
 */
public record ExistingIndex(String name, String table, List<String> columns, List<String> include, String where,
                            boolean unique, boolean primary, long sizeBytes, long scans, String definition) {

    public ExistingIndex {
        columns = List.copyOf(columns);
        include = List.copyOf(include);
    }

    /** Whether this index already serves a candidate: the candidate's keys are its leading keys, same predicate. */
    public boolean covers(IndexCandidate c) {
        if (!table.equals(c.table()) || !"btree".equals(c.method())) return false;
        if (c.where() != null ? where == null || !normalize(c.where()).equals(normalize(where)) : where != null) return false;
        List<String> keys = c.expression() != null ? List.of(c.expression()) : c.columns();
        if (keys.size() > columns.size()) return false;
        for (int i = 0; i < keys.size(); i++) {
            if (!normalize(keys.get(i)).equals(normalize(columns.get(i)))) return false;
        }
        return true;
    }

    private static String normalize(String key) {
        return key.replaceAll("::[a-z_]+", "").replaceAll("[\\s\"()]", "").toLowerCase(java.util.Locale.ROOT);
    }
}
