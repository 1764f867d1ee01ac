package io.dataflow.crud;

import io.dataflow.config.ConfigException;
import io.dataflow.model.FieldSpec;
import io.dataflow.model.ModelSpec;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one bulk create, checked before anything is written: every key must be a column.
 * The columns written are the union of the rows' keys in model order, plus created_at/updated_at
 * when the model manages them. A row converts to bound values only when it is written, so a large
 * input is never copied as a whole.
 */
final class BulkRows {

    /** A cell the row did not give: DEFAULT in an INSERT, the model's declared default in COPY. */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };

    private static final Set<String> NOW_WORDS = Set.of("now", "now()", "current_timestamp");

    private final RowValues rowValues;
    private final Timestamps timestamps;
    private final List<? extends Map<String, ?>> rows;
    private final List<FieldSpec> columns;
    private final boolean someIdsAbsent;
    private final Instant now;

    BulkRows(ModelSpec model, RowValues rowValues, Timestamps timestamps, List<? extends Map<String, ?>> rows) {
        if (rows == null) throw new ConfigException(ModelColumns.where(model), "rows", "is required (a list of rows)");
        this.rowValues = rowValues;
        this.timestamps = timestamps;
        // bound(i) reads by index: a LinkedList would make that quadratic, so copy its references once.
        this.rows = rows instanceof java.util.RandomAccess ? rows : new ArrayList<>(rows);
        this.now = timestamps.now();
        Set<String> keys = new HashSet<>();
        int withId = 0;
        for (int i = 0; i < this.rows.size(); i++) {
            Map<String, ?> row = this.rows.get(i);
            rowValues.checkRow(row, i);
            keys.addAll(row.keySet());
            if (row.get("id") != null) withId++;
        }
        if (timestamps.managesCreatedAt()) keys.add(Timestamps.CREATED_AT);
        if (timestamps.managesUpdatedAt()) keys.add(Timestamps.UPDATED_AT);
        if (withId == 0) keys.remove("id");
        List<FieldSpec> cols = new ArrayList<>(model.fields().stream().filter(f -> keys.contains(f.name())).toList());
        // Zero columns cannot be written; INSERT (id) VALUES (DEFAULT) still makes a row of defaults.
        if (cols.isEmpty()) cols.add(model.field("id").orElseThrow());
        this.columns = List.copyOf(cols);
        this.someIdsAbsent = cols.stream().anyMatch(f -> f.name().equals("id")) && withId < rows.size();
    }

    int size() {
        return rows.size();
    }

    List<FieldSpec> columns() {
        return columns;
    }

    List<String> columnNames() {
        return columns.stream().map(FieldSpec::name).toList();
    }

    /** COPY cannot ask for the identity's next value in some rows only. */
    boolean copyable() {
        return !someIdsAbsent;
    }

    /** Row {@code i} as bound values in column order, with {@link #ABSENT} where the row gave nothing. */
    Object[] bound(int i) {
        Map<String, ?> row = rows.get(i);
        Object[] out = new Object[columns.size()];
        for (int c = 0; c < out.length; c++) {
            FieldSpec f = columns.get(c);
            Object v = row.get(f.name());
            if (v == null && managed(f.name())) {
                out[c] = timestamps.value(f.name(), now);
            } else if (v == null && (f.name().equals("id") || !row.containsKey(f.name()))) {
                out[c] = ABSENT;
            } else if (v != null) {
                try {
                    out[c] = ColumnValues.convert(f.type(), v);
                } catch (BadValue e) {
                    throw rowValues.values().invalid(f, "rows[" + i + "]." + f.name(), e);
                }
            }
        }
        return out;
    }

    /** Row {@code i} for COPY: absent cells get the model's declared default (what the table's DEFAULT holds), else NULL. */
    Object[] boundForCopy(int i) {
        Object[] out = bound(i);
        for (int c = 0; c < out.length; c++) {
            if (out[c] == ABSENT) out[c] = declaredDefault(columns.get(c));
        }
        return out;
    }

    private boolean managed(String column) {
        return column.equals(Timestamps.CREATED_AT) && timestamps.managesCreatedAt()
                || column.equals(Timestamps.UPDATED_AT) && timestamps.managesUpdatedAt();
    }

    private Object declaredDefault(FieldSpec f) {
        Object d = f.defaultValue();
        if (d == null) return null;
        if (f.type().isTemporal() && NOW_WORDS.contains(d.toString().toLowerCase(Locale.ROOT))) {
            return switch (f.type()) {
                case DATE -> now.atOffset(ZoneOffset.UTC).toLocalDate();
                case TIMESTAMP -> LocalDateTime.ofInstant(now, ZoneOffset.UTC);
                default -> now.atOffset(ZoneOffset.UTC);
            };
        }
        return rowValues.values().toJdbc(f, d, "default of " + f.name());
    }
}
