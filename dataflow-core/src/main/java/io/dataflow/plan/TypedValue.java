package io.dataflow.plan;

/**
 * A parameter value with an explicit PostgreSQL type ({@code date}, {@code timestamptz},
 * {@code bigint}...), for when the type cannot be taken from a compared column.
 */
public record TypedValue(String type, Object value) {
}
