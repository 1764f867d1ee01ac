package io.dataflow.rewrite;

/**
 * One rewrite applied to a query.
 *
 * @param kind        decorrelate, quantified_to_aggregate, latest_row, in_to_semijoin, not_in_to_antijoin,
 *                    exists_to_semijoin, exists_offset_to_having, sargable, or_to_in
 * @param description what was rewritten into what, in the guide's words
 */
public record Transformation(String kind, String description) {
}
