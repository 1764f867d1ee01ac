package io.dataflow.model.schema;

/**
 * One DDL statement of a schema plan, with a note saying what it does and why.
 *
 * @param model  the model it belongs to
 * @param kind   what it creates
 * @param object the table, column, partition or index it creates
 * @param sql    the statement
 * @param note   a human explanation, including anything DataFlow resolved on the user's behalf
 */
public record SchemaStep(String model, Kind kind, String object, String sql, String note) {

    public enum Kind { CREATE_TABLE, ADD_COLUMN, CREATE_PARTITION, CREATE_DEFAULT_PARTITION, CREATE_INDEX }
}
