package io.dataflow.model;

/**
 * One column of a model.
 *
 * @param name         the column name (snake_case)
 * @param type         the logical type
 * @param nullable     whether NULL is allowed
 * @param defaultValue a constant default (Number, String or Boolean), or null
 */
public record FieldSpec(String name, FieldType type, boolean nullable, Object defaultValue) {

    public FieldSpec withNullable(boolean value) {
        return new FieldSpec(name, type, value, defaultValue);
    }

    public FieldSpec withDefault(Object value) {
        return new FieldSpec(name, type, nullable, value);
    }
}
