package io.dataflow.plan;

import java.util.List;
import java.util.Map;

/**
 * An analyzed statement: what was run, its plan tree and what stands out in it. It carries the SQL
 * and parameters so that the optimizer can plan the statement again with suggestions in place.
 *
 * @param sql          the statement as given (with its {@code :name} placeholders)
 * @param params       the parameter values, by name
 * @param paramTypes   the PostgreSQL type each parameter was bound as ("unknown": left to the server)
 * @param command      the statement's leading keyword (SELECT, WITH, DELETE...)
 * @param modifiesData whether it writes or locks rows (it was run in a transaction that was rolled back)
 * @param analyzed     whether it was executed (EXPLAIN ANALYZE), not only planned
 * @param timedOut     whether execution passed the timeout; the plan is then the estimated one
 * @param timeoutMs    the statement timeout of the analysis
 * @param planningMs   planning time
 * @param executionMs  execution time (null when not executed)
 * @param totalCost    the planner's total cost of the root node
 * @param plan         the plan tree
 * @param findings     what stands out, each pointing at a node
 */
public record QueryPlan(String sql, Map<String, Object> params, Map<String, String> paramTypes, String command,
                        boolean modifiesData, boolean analyzed, boolean timedOut, long timeoutMs, Double planningMs,
                        Double executionMs, double totalCost, PlanNode plan, List<Finding> findings) {

    public QueryPlan {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        paramTypes = paramTypes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(paramTypes));
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** The node with this {@link PlanNode#id()}. */
    public java.util.Optional<PlanNode> node(int id) {
        return plan.flatten().stream().filter(n -> n.id() == id).findFirst();
    }
}
