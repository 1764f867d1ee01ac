package io.dataflow.crud;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.config.ConfigException;
import io.dataflow.model.ModelSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** update, bulkUpdate and bulkUpdateRows: the SET clause, updated_at, and the optimistic-lock version. */
final class Updates {

    private static final int BATCH = 1000;

    private final ModelSpec model;
    private final String table;
    private final String where;
    private final RowValues rowValues;
    private final Timestamps timestamps;
    private final Transactions tx;
    private final VersionCheck versions;

    Updates(ModelSpec model, RowValues rowValues, Timestamps timestamps, Transactions tx) {
        this.model = model;
        this.table = quote(model.table());
        this.where = ModelColumns.where(model);
        this.rowValues = rowValues;
        this.timestamps = timestamps;
        this.tx = tx;
        this.versions = new VersionCheck(model, rowValues.values());
    }

    UpdateResult update(Map<String, ?> filter, Map<String, ?> fields, boolean returning, boolean all) {
        if ((filter == null || filter.isEmpty()) && !all) {
            throw new ConfigException(where, "filter", "is empty, which would update every row of " + model.table()
                    + "; give a filter" + (returning ? "" : ", or all=true to update every row"));
        }
        LinkedHashMap<String, Object> set = assignments(fields, "fields");
        CompiledFilter compiled = Filters.compile(model, filter);
        Long expected = versions.expectedIn(filter);
        String sql = "UPDATE " + table + " SET " + setClause(set.keySet()) + compiled.whereClause() + (returning ? " RETURNING *" : "");
        List<Object> params = new ArrayList<>(set.values());
        params.addAll(compiled.params());
        return tx.run(returning ? "update" : "bulk update", c -> {
            UpdateResult result;
            if (returning) {
                List<Map<String, Object>> rows = Statements.query(c, sql, params);
                result = new UpdateResult(rows.size(), rows);
            } else {
                result = new UpdateResult(Statements.update(c, sql, params), List.of());
            }
            if (result.updated() == 0 && expected != null) versions.failIfRowMovedOn(c, filter, expected);
            return result;
        });
    }

    int updateRows(List<? extends Map<String, ?>> rows) {
        if (rows == null) throw new ConfigException(where, "rows", "is required (a list of rows, each with an id)");
        List<RowUpdate> planned = new ArrayList<>();
        java.time.Instant now = timestamps.now();
        for (int i = 0; i < rows.size(); i++) planned.add(plan(rows.get(i), "rows[" + i + "]", now));
        return tx.run("bulk update rows", c -> {
            int total = 0;
            int start = 0;
            while (start < planned.size()) {
                int end = start;
                String sql = planned.get(start).sql;
                while (end < planned.size() && end - start < BATCH && planned.get(end).sql.equals(sql)) end++;
                total += runBatch(c, planned.subList(start, end));
                start = end;
            }
            return total;
        });
    }

    private record RowUpdate(String sql, List<Object> params, Object id, Long expectedVersion) {
    }

    private RowUpdate plan(Map<String, ?> row, String key, java.time.Instant now) {
        rowValues.checkKeys(row, key);
        if (row.get("id") == null) throw new ConfigException(where, key + ".id", "is required: each row is updated by its id");
        Object id = rowValues.values().toJdbc("id", row.get("id"), key + ".id");
        Long expected = null;
        Map<String, Object> rest = new LinkedHashMap<>(row);
        rest.remove("id");
        String lock = model.optimisticLock();
        if (lock != null && rest.containsKey(lock)) {
            expected = ColumnValues.toLong(rowValues.values().toJdbc(lock, rest.remove(lock), key + "." + lock));
        }
        LinkedHashMap<String, Object> set = assignments(rest, key, now);
        StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET ").append(setClause(set.keySet()))
                .append(" WHERE ").append(quote("id")).append(" = ?");
        List<Object> params = new ArrayList<>(set.values());
        params.add(id);
        if (expected != null) {
            sql.append(" AND ").append(quote(lock)).append(" = ?");
            params.add(expected);
        }
        return new RowUpdate(sql.toString(), params, id, expected);
    }

    private int runBatch(Connection c, List<RowUpdate> batch) throws SQLException {
        int[] counts;
        try (PreparedStatement ps = c.prepareStatement(batch.get(0).sql)) {
            for (RowUpdate u : batch) {
                Binder.bindAll(ps, u.params);
                ps.addBatch();
            }
            counts = ps.executeBatch();
        }
        int total = 0;
        for (int i = 0; i < counts.length; i++) {
            total += Math.max(counts[i], 0);
            RowUpdate u = batch.get(i);
            if (counts[i] == 0 && u.expectedVersion != null) versions.failIfRowMovedOn(c, u.id, u.expectedVersion);
        }
        return total;
    }

    private LinkedHashMap<String, Object> assignments(Map<String, ?> fields, String key) {
        return assignments(fields, key, timestamps.now());
    }

    /** The converted SET values; id and the version column are refused, updated_at is added. */
    private LinkedHashMap<String, Object> assignments(Map<String, ?> fields, String key, java.time.Instant now) {
        LinkedHashMap<String, Object> set = rowValues.convert(fields, key);
        if (set.containsKey("id")) {
            throw new ConfigException(where, key + ".id", "id identifies rows and cannot be set by an update; put it in the filter");
        }
        String lock = model.optimisticLock();
        if (lock != null && set.containsKey(lock)) {
            throw new ConfigException(where, key + "." + lock, lock + " is the optimistic-lock version: every update increments it,"
                    + " so it cannot be set; put the version you read in the filter to update only that version");
        }
        if (set.isEmpty()) throw new ConfigException(where, key, "is empty: name at least one column to set");
        timestamps.onUpdate(set, now);
        return set;
    }

    private String setClause(java.util.Collection<String> columns) {
        String clause = Statements.assignments(columns);
        String lock = model.optimisticLock();
        return lock == null ? clause : clause + ", " + quote(lock) + " = " + quote(lock) + " + 1";
    }
}
