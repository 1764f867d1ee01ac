package io.dataflow.crud;

import io.dataflow.model.FieldSpec;
import io.dataflow.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** A map of column values from a caller: keys checked against the model, values converted, in the model's column order. */
final class RowValues {

    private final ModelSpec model;
    private final ColumnValues values;
    private final String where;
    // Bulk inputs check every key of every row: a hash lookup, not ModelSpec.field's linear search.
    private final Map<String, FieldSpec> fields = new java.util.HashMap<>();

    RowValues(ModelSpec model) {
        this.model = model;
        this.values = new ColumnValues(model);
        this.where = ModelColumns.where(model);
        model.fields().forEach(f -> fields.put(f.name(), f));
    }

    ColumnValues values() {
        return values;
    }

    /** Refuses a null map and unknown keys (with a did-you-mean), naming {@code key}, e.g. {@code rows[3]}. */
    void checkKeys(Map<String, ?> input, String key) {
        if (input == null) throw new io.dataflow.config.ConfigException(where, key, "is required (a map of column values)");
        for (String k : input.keySet()) {
            if (k == null || !fields.containsKey(k)) throw ModelColumns.unknown(model, String.valueOf(k), where, key + "." + k);
        }
    }

    /** As {@link #checkKeys} for row {@code index} of a bulk input; its key text is only built for an error. */
    void checkRow(Map<String, ?> row, int index) {
        if (row == null || !fields.keySet().containsAll(row.keySet())) checkKeys(row, "rows[" + index + "]");
    }

    /** The bound values, keyed by column, in the model's column order. */
    LinkedHashMap<String, Object> convert(Map<String, ?> input, String key) {
        checkKeys(input, key);
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (FieldSpec f : model.fields()) {
            if (input.containsKey(f.name())) out.put(f.name(), values.toJdbc(f, input.get(f.name()), key + "." + f.name()));
        }
        return out;
    }
}
