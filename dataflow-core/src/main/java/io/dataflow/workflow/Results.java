package io.dataflow.workflow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dataflow.DataFlowException;
import java.util.Map;

/**
 * The outcome of a run: {@code {"run_id": ..., "nodes": {"<id>": {"status", "output", "ms", "error"}}}}.
 *
 * @param runId the run's id
 * @param nodes per node id, in the order the nodes may run
 */
public record Results(String runId, Map<String, NodeResult> nodes) {

    /** True when every node succeeded. */
    @JsonIgnore
    public boolean ok() {
        return nodes.values().stream().allMatch(NodeResult::ok);
    }

    /**
     * These results when every node succeeded; otherwise a {@link WorkflowFailedException} naming each
     * node that failed, was skipped or cancelled, with its error. A run returns normally even when a
     * node failed (the other branches' outputs are kept), so check: {@code db.runtime().execute(w).orThrow()}.
     */
    public Results orThrow() {
        if (ok()) return this;
        throw new WorkflowFailedException(this);
    }

    /** The nodes that ran without error but timed out before finishing their work (see {@link NodeResult#timedOut()}). */
    @JsonIgnore
    public java.util.List<String> timedOut() {
        return nodes.entrySet().stream().filter(e -> e.getValue().timedOut()).map(Map.Entry::getKey).toList();
    }

    public NodeResult node(String id) {
        NodeResult r = nodes.get(id);
        if (r == null) throw new IllegalArgumentException("the workflow has no node '" + id + "'");
        return r;
    }

    /** The output of a node that succeeded; a clear error naming the node otherwise. */
    public Map<String, Object> output(String id) {
        NodeResult r = node(id);
        if (!r.ok()) throw new DataFlowException("node '" + id + "' " + r.status().json() + ": " + r.error());
        return r.output();
    }
}
