package io.dataflow.crud;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.config.ConfigException;
import io.dataflow.model.ModelSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * bulkUpsert: INSERT ... ON CONFLICT (key) DO UPDATE, counting new rows apart from replaced ones with
 * {@code RETURNING (xmax = 0)} (a freshly inserted row version has no deleting transaction); on a
 * partitioned table, which cannot return system columns, by locking and counting the existing keys first.
 * Rows with the same set of keys share statements; all of it is one transaction.
 */
final class Upsert {

    private static final int BATCH = 1000;

    private final ModelSpec model;
    private final String table;
    private final String where;
    private final RowValues rowValues;
    private final Timestamps timestamps;
    private final Transactions tx;

    Upsert(ModelSpec model, RowValues rowValues, Timestamps timestamps, Transactions tx) {
        this.model = model;
        this.table = quote(model.table());
        this.where = ModelColumns.where(model);
        this.rowValues = rowValues;
        this.timestamps = timestamps;
        this.tx = tx;
    }

    /** One row ready to write: its bound values, and the keys the caller gave (before created_at/updated_at were added). */
    private record Row(LinkedHashMap<String, Object> values, Set<String> given) {
    }

    UpsertResult run(List<? extends Map<String, ?>> input, List<String> conflictColumns, List<String> updateColumns) {
        List<String> conflict = conflictKey(conflictColumns);
        List<String> update = updateColumns == null || updateColumns.isEmpty() ? null : checkUpdateColumns(updateColumns);
        if (input == null) throw new ConfigException(where, "rows", "is required (a list of rows)");
        Instant now = timestamps.now();
        List<Row> rows = new ArrayList<>();
        Map<List<String>, Integer> seen = new HashMap<>();
        for (int i = 0; i < input.size(); i++) {
            String key = "rows[" + i + "]";
            LinkedHashMap<String, Object> values = rowValues.convert(input.get(i), key);
            Set<String> given = new LinkedHashSet<>(values.keySet());
            checkRow(values, conflict, update, key);
            Integer previous = seen.put(conflict.stream().map(c -> PgText.of(values.get(c))).toList(), i);
            if (previous != null) {
                // PostgreSQL refuses to update one row twice in a statement; say which rows collide instead.
                throw new ConfigException(where, key, "has the same " + conflict + " as rows[" + previous
                        + "]; an upsert can write each key once, so merge these rows first");
            }
            timestamps.onCreate(values, now);
            rows.add(new Row(values, given));
        }
        if (rows.isEmpty()) return new UpsertResult(0, 0);
        return tx.run("bulk upsert", c -> {
            int inserted = 0;
            int updated = 0;
            int start = 0;
            while (start < rows.size()) {
                Set<String> columns = rows.get(start).values.keySet();
                int perStatement = Math.max(1, Math.min(BATCH, Statements.MAX_PARAMS / columns.size()));
                int end = start;
                while (end < rows.size() && end - start < perStatement && rows.get(end).given.equals(rows.get(start).given)) end++;
                int[] counts = execute(c, rows.subList(start, end), conflict, update);
                inserted += counts[0];
                updated += counts[1];
                start = end;
            }
            return new UpsertResult(inserted, updated);
        });
    }

    private int[] execute(Connection c, List<Row> batch, List<String> conflict, List<String> update) throws SQLException {
        Row first = batch.get(0);
        List<String> columns = new ArrayList<>(first.values.keySet());
        List<String> set = update != null ? new ArrayList<>(update) : first.given.stream()
                .filter(col -> !conflict.contains(col) && !col.equals("id")).collect(Collectors.toCollection(ArrayList::new));
        if (timestamps.managesUpdatedAt() && !set.contains(Timestamps.UPDATED_AT)) set.add(Timestamps.UPDATED_AT);
        List<String> assignments = new ArrayList<>(set.stream().map(col -> quote(col) + " = EXCLUDED." + quote(col)).toList());
        String lock = model.optimisticLock();
        if (lock != null) assignments.add(quote(lock) + " = " + table + "." + quote(lock) + " + 1");
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (").append(Statements.columnList(columns)).append(") VALUES ");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) sql.append(", ");
            sql.append(Statements.placeholders(columns.size()));
            for (String col : columns) params.add(batch.get(i).values.get(col));
        }
        sql.append(" ON CONFLICT (").append(Statements.columnList(conflict)).append(')');
        sql.append(assignments.isEmpty() ? " DO NOTHING" : " DO UPDATE SET " + String.join(", ", assignments));
        boolean doNothing = assignments.isEmpty();
        if (model.partitioning() == null) {
            sql.append(" RETURNING (xmax = 0) AS inserted");
            int inserted = 0;
            int updated = 0;
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Binder.bindAll(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(1)) inserted++;
                        else updated++;
                    }
                }
            }
            return new int[] {inserted, updated};
        }
        // A partitioned table cannot return xmax: lock and count the rows that exist first, then upsert.
        // A key another transaction inserts between the two statements is counted as inserted.
        int existing = lockExisting(c, batch, conflict);
        int returned = Statements.query(c, sql.append(" RETURNING 1").toString(), params).size();
        return doNothing ? new int[] {returned, 0} : new int[] {returned - existing, existing};
    }

    private int lockExisting(Connection c, List<Row> batch, List<String> conflict) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT 1 FROM ").append(table).append(" WHERE (")
                .append(Statements.columnList(conflict)).append(") IN (VALUES ");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) sql.append(", ");
            sql.append(Statements.placeholders(conflict.size()));
            for (String col : conflict) params.add(batch.get(i).values.get(col));
        }
        return Statements.query(c, sql.append(") FOR UPDATE").toString(), params).size();
    }

    /** The conflict columns must be exactly the primary key or a plain unique index, else ON CONFLICT has no arbiter. */
    private List<String> conflictKey(List<String> conflictColumns) {
        List<List<String>> accepted = ModelColumns.uniqueKeys(model);
        String choices = accepted.stream().map(Object::toString).collect(Collectors.joining(", "));
        if (conflictColumns == null || conflictColumns.isEmpty()) {
            throw new ConfigException(where, "conflict_columns", "is required; accepted: " + choices);
        }
        for (int i = 0; i < conflictColumns.size(); i++) {
            ModelColumns.require(model, conflictColumns.get(i), where, "conflict_columns[" + i + "]");
        }
        if (accepted.stream().noneMatch(k -> ModelColumns.sameColumns(k, conflictColumns))) {
            throw new ConfigException(where, "conflict_columns", conflictColumns + " is neither the primary key nor a unique index of model "
                    + model.name() + ", so ON CONFLICT cannot use it; accepted: " + choices);
        }
        return List.copyOf(conflictColumns);
    }

    private List<String> checkUpdateColumns(List<String> updateColumns) {
        for (int i = 0; i < updateColumns.size(); i++) {
            String col = updateColumns.get(i);
            ModelColumns.require(model, col, where, "update_columns[" + i + "]");
            if (col.equals(model.optimisticLock())) {
                throw new ConfigException(where, "update_columns[" + i + "]", col + " is the optimistic-lock version; an upsert that updates a row increments it");
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(updateColumns));
    }

    private void checkRow(Map<String, Object> values, List<String> conflict, List<String> update, String key) {
        for (String col : conflict) {
            if (values.get(col) == null) throw new ConfigException(where, key + "." + col, "is required: the upsert finds the existing row by " + conflict);
        }
        String lock = model.optimisticLock();
        if (lock != null && values.containsKey(lock)) {
            throw new ConfigException(where, key + "." + lock, lock + " is the optimistic-lock version: new rows start at its default and updated rows are incremented");
        }
        if (update != null) {
            for (String col : update) {
                if (!values.containsKey(col)) throw new ConfigException(where, key, "has no value for update column '" + col + "'");
            }
        }
    }
}
