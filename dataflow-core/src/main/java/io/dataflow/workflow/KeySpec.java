package io.dataflow.workflow;

import java.util.List;

/**
 * One key of a node's config schema: its type, whether it is required, its default and what it
 * means. Validation, {@code ./dataflow nodes TYPE} and docs all come from here.
 *
 * @param name          the key, in the guide's snake_case
 * @param type          the value's type
 * @param required      whether a node must set it
 * @param defaultValue  the value used when it is not set, or null
 * @param description   one line for humans
 * @param allowed       the accepted values of a STRING (or of a LIST of strings), empty for any
 * @param nested        for a MAP, the schema of its keys; for a LIST of mappings, of each element; or null
 */
public record KeySpec(String name, ValueType type, boolean required, Object defaultValue, String description,
                      List<String> allowed, ConfigSchema nested) {

    public KeySpec {
        allowed = List.copyOf(allowed);
    }

    public static KeySpec required(String name, ValueType type, String description) {
        return new KeySpec(name, type, true, null, description, List.of(), null);
    }

    public static KeySpec optional(String name, ValueType type, Object defaultValue, String description) {
        return new KeySpec(name, type, false, defaultValue, description, List.of(), null);
    }

    public KeySpec oneOf(String... values) {
        return new KeySpec(name, type, required, defaultValue, description, List.of(values), nested);
    }

    public KeySpec with(ConfigSchema schema) {
        return new KeySpec(name, type, required, defaultValue, description, allowed, schema);
    }
}
