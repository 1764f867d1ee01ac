package io.dataflow.lock;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import io.dataflow.crud.ColumnValues;
import io.dataflow.crud.InvalidValueException;
import io.dataflow.model.FieldSpec;
import io.dataflow.model.FieldType;
import io.dataflow.model.ModelSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code fields} of an optimistic update, checked against the model before anything runs: each
 * key a column (not id, not the version), each value a constant that fits the column, a
 * {@link Change}, a Java function, or one operator: {@code {$inc: n}}, {@code {$mul: f}} (numeric
 * columns) or {@code {$set: v}} (a literal, e.g. a dict that itself has a {@code $} key).
 */
public final class Changes {

    public static final List<String> OPERATORS = List.of("$inc", "$mul", "$set");
    private static final Set<FieldType> NUMERIC = Set.of(FieldType.INT, FieldType.INT32, FieldType.FLOAT, FieldType.REAL, FieldType.DECIMAL);
    private static final Set<FieldType> WHOLE = Set.of(FieldType.INT, FieldType.INT32);

    private final ModelSpec model;
    private final Map<String, Change> changes;

    private Changes(ModelSpec model, Map<String, Change> changes) {
        this.model = model;
        this.changes = Collections.unmodifiableMap(changes);
    }

    /**
     * @param where    the node or operation, for messages
     * @param key      the config key holding the map ({@code fields})
     * @param deferred values not known yet (workflow references): their keys are checked, not their values
     */
    public static Changes parse(ModelSpec model, Map<String, ?> fields, String where, String key, Predicate<Object> deferred) {
        if (fields == null || fields.isEmpty()) throw new ConfigException(where, key, "is empty: name at least one field to change");
        ColumnValues values = new ColumnValues(model);
        Map<String, Change> out = new LinkedHashMap<>();
        fields.forEach((column, value) -> {
            String path = key + "." + column;
            FieldSpec field = column(model, column, where, path);
            out.put(column, deferred.test(value) ? Change.set(value) : change(values, field, value, where, path, deferred));
        });
        return new Changes(model, out);
    }

    private static FieldSpec column(ModelSpec model, String column, String where, String path) {
        FieldSpec field = model.field(column).orElseThrow(() -> new ConfigException(where, path, "'" + column + "' is not a column of "
                + model.name() + DidYouMean.hint(column, model.columnNames()) + "; columns: " + String.join(", ", model.columnNames())));
        if (column.equals("id")) throw new ConfigException(where, path, "id identifies the row and cannot be changed; give it as 'id'");
        if (column.equals(model.optimisticLock())) {
            throw new ConfigException(where, path, column + " is the optimistic-lock version: every update increments it, so it cannot be set;"
                    + " give the version you read as expected_version");
        }
        return field;
    }

    private static Change change(ColumnValues values, FieldSpec field, Object value, String where, String path, Predicate<Object> deferred) {
        if (value instanceof Change c) return c;
        if (value instanceof Function<?, ?> f) return Change.apply(f);
        if (value instanceof Map<?, ?> m && m.keySet().stream().anyMatch(k -> String.valueOf(k).startsWith("$"))) {
            return operator(values, field, m, where, path, deferred);
        }
        checkValue(values, field, value, where, path);
        return Change.set(value);
    }

    private static Change operator(ColumnValues values, FieldSpec field, Map<?, ?> m, String where, String path, Predicate<Object> deferred) {
        if (m.size() != 1) {
            throw new ConfigException(where, path, "give exactly one operator (" + String.join(", ", OPERATORS) + "), got " + m.keySet());
        }
        String op = String.valueOf(m.keySet().iterator().next());
        Object operand = m.get(op);
        String opPath = path + "." + op;
        if (!OPERATORS.contains(op)) {
            throw new ConfigException(where, opPath, "unknown operator '" + op + "'" + DidYouMean.hint(op, OPERATORS)
                    + "; accepted: " + String.join(", ", OPERATORS) + " ($set writes a literal)");
        }
        if (deferred.test(operand)) return op.equals("$set") ? Change.set(operand) : deferredArithmetic(op, operand);
        if (op.equals("$set")) {
            checkValue(values, field, operand, where, opPath);
            return Change.set(operand);
        }
        if (!NUMERIC.contains(field.type())) {
            throw new ConfigException(where, opPath, op + " needs a numeric column; " + field.name() + " is " + field.type().guideName());
        }
        if (!(operand instanceof Number n)) throw new ConfigException(where, opPath, "must be a number, got " + ConfigReader.describe(operand));
        if (WHOLE.contains(field.type()) && !isWhole(n)) {
            throw new ConfigException(where, opPath, "must be a whole number: " + field.name() + " is " + field.type().guideName() + ", got " + n);
        }
        return op.equals("$inc") ? Change.inc(n) : Change.mul(n);
    }

    /** An operand that comes from an upstream node: checked when the node runs, by parsing again. */
    private static Change deferredArithmetic(String op, Object operand) {
        return Change.set(Map.of(op, operand));
    }

    private static boolean isWhole(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof java.math.BigInteger;
    }

    private static void checkValue(ColumnValues values, FieldSpec field, Object value, String where, String path) {
        try {
            values.toJdbc(field, value, path);
        } catch (InvalidValueException e) {
            String message = e.getMessage();
            int cut = message.indexOf("': ");
            throw new ConfigException(where, path, cut < 0 ? message : message.substring(cut + 3));
        }
    }

    public ModelSpec model() {
        return model;
    }

    /** The changed columns, in the order given. */
    public Set<String> columns() {
        return changes.keySet();
    }

    public Map<String, Change> changes() {
        return changes;
    }

    /** The values to write for a row as it is now: constants as given, functions applied to the current values. */
    public Map<String, Object> valuesFor(Map<String, Object> current) {
        Map<String, Object> out = new LinkedHashMap<>();
        changes.forEach((column, change) -> out.put(column, change.next(model.field(column).orElseThrow(), current.get(column))));
        return out;
    }
}
