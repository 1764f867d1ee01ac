package io.dataflow.crud;

import io.dataflow.DataFlowException;
import io.dataflow.model.Naming;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps rows to a record the way models are named: component {@code createdAt} reads column
 * {@code created_at} (or a column named exactly {@code createdAt}), converting the value JdbcValues
 * read to the component's type. A component without a column is refused, naming the columns there
 * are; extra columns are ignored. Immutable and thread-safe; build one per record type and reuse it.
 */
public final class RecordMapper<T extends Record> implements RowMapper<T> {

    private final Class<T> type;
    private final RecordComponent[] components;
    private final String[] columns;
    private final Constructor<T> constructor;

    private RecordMapper(Class<T> type) {
        this.type = type;
        this.components = type.getRecordComponents();
        this.columns = new String[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            columns[i] = Naming.snakeCase(components[i].getName());
            types[i] = components[i].getType();
        }
        try {
            this.constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true); // records declared inside a method or class are not public
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new DataFlowException("cannot map rows to " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    public static <T extends Record> RecordMapper<T> of(Class<T> type) {
        if (type == null || !type.isRecord()) throw new DataFlowException("rows map to records; " + (type == null ? "null" : type.getName()) + " is not one");
        return new RecordMapper<>(type);
    }

    @Override
    public T map(Row row) {
        Map<String, Object> values = row.values();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String column = values.containsKey(columns[i]) ? columns[i] : components[i].getName();
            if (!values.containsKey(column)) {
                throw new DataFlowException(type.getSimpleName() + "." + components[i].getName() + " has no column '" + columns[i]
                        + "' in the row; its columns: " + String.join(", ", values.keySet()));
            }
            args[i] = ValueConversion.convert(values.get(column), components[i].getType(), type.getSimpleName() + "." + components[i].getName()
                    + " (column '" + column + "')");
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new DataFlowException(type.getSimpleName() + " refused the row: " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new DataFlowException("cannot create " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /** Every row mapped, in order. */
    public List<T> mapAll(List<Map<String, Object>> rows) {
        return mapAll(rows, this);
    }

    static <R> List<R> mapAll(List<Map<String, Object>> rows, RowMapper<R> mapper) {
        List<R> out = new ArrayList<>(rows.size());
        for (Map<String, Object> r : rows) out.add(mapper.map(new Row(r)));
        return out;
    }

    /** Every row mapped with {@code mapper}, in order. */
    public static <R> List<R> map(List<Map<String, Object>> rows, RowMapper<R> mapper) {
        return mapAll(rows, mapper);
    }
}
