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

    Workflow(List<Step> steps, Map<String, Object> params) {
        this.steps = List.copyOf(steps);
        this.params = Map.copyOf(params);
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
