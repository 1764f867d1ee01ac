package io.dataflow.lock;

/**
 * The plan of a blocked query, or why there is none.
 *
 * @param planned whether EXPLAIN ran
 * @param plan    EXPLAIN's text output, or null
 * @param reason  why it was not planned, or null
 */
public record QueryPlan(boolean planned, String plan, String reason) {

    static QueryPlan of(String plan) {
        return new QueryPlan(true, plan, null);
    }

    static QueryPlan not(String reason) {
        return new QueryPlan(false, null, reason);
    }
}
