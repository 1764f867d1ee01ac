package io.dataflow.plan;

import java.util.Map;

/**
 * Something in a plan worth a look, pointing at the node it is about, with the numbers behind it.
 *
 * @param kind     slowest_node, row_misestimate, seq_scan_filter, sort_spill, nested_loop_outer_rows,
 *                 high_buffer_reads, workers_not_launched, timed_out
 * @param nodeId   the node's {@link PlanNode#id()}, or 0 for the whole statement
 * @param node     the node's label, e.g. {@code Seq Scan on orders o}
 * @param message  one line for humans
 * @param evidence the numbers (snake_case keys)
 */
public record Finding(String kind, int nodeId, String node, String message, Map<String, Object> evidence) {

    public Finding {
        evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    }
}
