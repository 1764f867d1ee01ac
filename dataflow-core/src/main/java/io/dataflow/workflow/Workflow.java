package io.dataflow.workflow;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated, immutable workflow: nodes in a dependency order, their definitions, explicit
 * connections and parameter defaults. Built by {@link WorkflowBuilder#build()}.
 */
public final class Workflow {

    /** A node ready to run: what it is, what it waits for, and its config with references parsed. */
    record Step(NodeSpec spec, NodeDefinition definition, Set<String> upstream, List<Edge> inputs) {
    }

    private final List<Step> steps;
    private final Map<String, Object> params;
    private final java.time.Duration timeout;

    Workflow(List<Step> steps, Map<String, Object> params) {
        this(steps, params, null);
    }

    private Workflow(List<Step> steps, Map<String, Object> params, java.time.Duration timeout) {
        this.steps = List.copyOf(steps);
        this.params = Map.copyOf(params);
        this.timeout = timeout;
    }

    /**
     * The same workflow with a limit on a whole run (a file's {@code timeout_ms}): when it passes,
     * running statements are cancelled on the server and the nodes not done are cancelled.
     */
    public Workflow withTimeout(java.time.Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) throw new IllegalArgumentException("timeout must be positive");
        return new Workflow(steps, params, value);
    }

    /** The workflow's own run limit, or null. */
    public java.time.Duration timeout() {
        return timeout;
    }

    List<Step> steps() {
        return steps;
    }

    /** The node ids in the order they may run (every node after what it depends on). */
    public List<String> nodeIds() {
        return steps.stream().map(s -> s.spec().id()).toList();
    }

    /** Parameter defaults declared by the workflow. */
    public Map<String, Object> params() {
        return params;
    }

    public NodeSpec node(String id) {
        return steps.stream().map(Step::spec).filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id));
    }
}
