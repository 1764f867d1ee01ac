package io.dataflow.crud;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.model.ModelSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells a lost optimistic-lock race from a missing row: after an update that named a version and
 * changed nothing, looks for the rows that match without the version condition.
 */
final class VersionCheck {

    private static final int SHOWN_IDS = 10;

    private final ModelSpec model;
    private final ColumnValues values;

    VersionCheck(ModelSpec model, ColumnValues values) {
        this.model = model;
        this.values = values;
    }

    /** The version a filter expects: the lock column at the filter's top level, as a plain value or {"$eq": v}; else null. */
    Long expectedIn(Map<String, ?> filter) {
        String lock = model.optimisticLock();
        if (lock == null || filter == null || !filter.containsKey(lock)) return null;
        Object v = filter.get(lock);
        if (v instanceof Map<?, ?> m) v = m.size() == 1 && m.containsKey("$eq") ? m.get("$eq") : null;
        if (v == null || v instanceof Map || FilterCompiler.asList(v) != null) return null;
        return ColumnValues.toLong(values.toJdbc(lock, v, "filter." + lock));
    }

    void failIfRowMovedOn(Connection c, Map<String, ?> filter, long expected) throws SQLException {
        Map<String, Object> rest = new LinkedHashMap<>(filter);
        rest.remove(model.optimisticLock());
        CompiledFilter compiled = Filters.compile(model, rest);
        fail(c, compiled.whereClause(), compiled.params(), expected);
    }

    void failIfRowMovedOn(Connection c, Object id, long expected) throws SQLException {
        fail(c, " WHERE " + quote("id") + " = ?", List.of(id), expected);
    }

    private void fail(Connection c, String whereClause, List<Object> params, long expected) throws SQLException {
        String lock = quote(model.optimisticLock());
        String sql = "SELECT " + quote("id") + ", " + lock + " FROM " + quote(model.table()) + whereClause
                + " ORDER BY " + quote("id") + " LIMIT " + SHOWN_IDS;
        List<Map<String, Object>> rows = Statements.query(c, sql, params);
        if (rows.isEmpty()) return;
        Object current = rows.get(0).get(model.optimisticLock());
        throw new OptimisticLockConflict(model.name(), rows.stream().map(r -> r.get("id")).toList(), expected,
                current == null ? null : ((Number) current).longValue());
    }
}
