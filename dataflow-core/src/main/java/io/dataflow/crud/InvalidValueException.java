package io.dataflow.crud;

import io.dataflow.config.ConfigException;

/**
 * A value that cannot be stored in its column: refused before any SQL runs, naming the model, the
 * key it came from, the column and what the column accepts.
 */
public class InvalidValueException extends ConfigException {

    private final String model;
    private final String column;

    public InvalidValueException(String model, String column, String key, String problem) {
        super("model " + model, key == null ? column : key, problem);
        this.model = model;
        this.column = column;
    }

    public String model() {
        return model;
    }

    public String column() {
        return column;
    }
}
