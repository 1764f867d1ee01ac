package io.dataflow.model.schema;

/**
 * Something that exists with a definition other than the model's. Never altered automatically:
 * the change may need a data migration, a rewrite or a lock the user must choose to take.
 *
 * @param model    the model
 * @param object   the column, index, partition or table
 * @param expected what the model asks for
 * @param actual   what the database has
 */
public record Drift(String model, String object, String expected, String actual) {

    @Override
    public String toString() {
        return model + ": " + object + " differs: model wants " + expected + ", database has " + actual;
    }
}
