package io.dataflow.plan;

import java.util.Map;

/**
 * One way to make a statement cheaper, ready to run, with the planner cost it was measured at.
 *
 * @param kind        the guide's suggestion family: missing_indexes, join_order, filter_pushdown, materialized_views
 * @param action      what the SQL does: create_index, analyze, create_statistics, rewrite, expression_index,
 *                    trigram_index, materialized_view
 * @param explanation why, in one or two sentences
 * @param sql         the statement to run (an index is created CONCURRENTLY; a rewrite is the rewritten query)
 * @param costBefore  planner cost of the statement as it is
 * @param costAfter   planner cost with the suggestion in place (null when it could not be planned here)
 * @param msBefore    measured execution time before, when measured
 * @param msAfter     measured execution time with the suggestion in place, when measured
 * @param details     specifics: table and columns, estimates before and after, a ready node config...
 */
public record Suggestion(String kind, String action, String explanation, String sql, Double costBefore, Double costAfter,
                         Double msBefore, Double msAfter, Map<String, Object> details) {

    public Suggestion {
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }
}
