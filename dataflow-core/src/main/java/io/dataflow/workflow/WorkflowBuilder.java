package io.dataflow.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a workflow the way the guide writes it:
 * <pre>{@code
 * WorkflowBuilder workflow = db.workflow();
 * workflow.addNode("QueryPlanAnalyzerNode", "analyze_plan", Map.of("query", "SELECT ..."));
 * workflow.addNode("QueryOptimizerNode", "optimize", Map.of("plan", ":analyze_plan"));
 * Workflow flow = workflow.build();   // validates everything, names the node and key of any error
 * }</pre>
 */
public final class WorkflowBuilder {

    private final NodeRegistry registry;
    private final List<NodeSpec> nodes = new ArrayList<>();
    private final List<String[]> connections = new ArrayList<>();
    private final Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    private final Map<String, Object> params = new LinkedHashMap<>();

    public WorkflowBuilder(NodeRegistry registry) {
        this.registry = registry;
    }

    public WorkflowBuilder addNode(String type, String id, Map<String, ?> config) {
        nodes.add(new NodeSpec(type, id, config == null ? Map.of() : new LinkedHashMap<>(config), List.of()));
        return this;
    }

    /** The guide's spelling, for code ported from it. */
    public WorkflowBuilder add_node(String type, String id, Map<String, ?> config) {
        return addNode(type, id, config);
    }

    /** Puts {@code fromOutput} (a dotted path) of node {@code fromId} into key {@code toInput} of node {@code toId}. */
    public WorkflowBuilder connect(String fromId, String fromOutput, String toId, String toInput) {
        connections.add(new String[] {fromId, fromOutput, toId, toInput});
        return this;
    }

    /** Node {@code id} runs after {@code otherId} without taking its output (a write before a read). */
    public WorkflowBuilder dependsOn(String id, String otherId) {
        dependsOn.computeIfAbsent(id, k -> new ArrayList<>()).add(otherId);
        return this;
    }

    /** Declares a workflow parameter, usable as {@code ":name"} in configs and as {@code :name} in SQL. */
    public WorkflowBuilder param(String name, Object defaultValue) {
        params.put(name, defaultValue);
        return this;
    }

    public Workflow build() {
        List<NodeSpec> withDependencies = nodes.stream()
                .map(n -> new NodeSpec(n.type(), n.id(), n.config(), List.copyOf(dependsOn.getOrDefault(n.id(), List.of()))))
                .toList();
        return new WorkflowValidator(registry).validate(withDependencies, connections, dependsOn, params);
    }
}
