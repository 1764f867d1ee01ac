package io.dataflow.workflow;

import java.util.List;
import java.util.Map;

/** The type of a node config value, as its schema declares it. */
public enum ValueType {
    STRING("text"), INTEGER("whole number"), NUMBER("number"), BOOLEAN("true or false"),
    LIST("list"), MAP("mapping"), ANY("any value");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean accepts(Object value) {
        return switch (this) {
            case STRING -> value instanceof String;
            case INTEGER -> value instanceof Integer || value instanceof Long || value instanceof Short;
            case NUMBER -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case LIST -> value instanceof List<?>;
            case MAP -> value instanceof Map<?, ?>;
            case ANY -> true;
        };
    }
}
