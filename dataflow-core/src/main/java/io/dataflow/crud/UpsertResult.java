package io.dataflow.crud;

/** How many upserted rows were new and how many replaced an existing row. */
public record UpsertResult(int inserted, int updated) {
}
