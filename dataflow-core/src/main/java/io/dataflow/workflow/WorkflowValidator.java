package io.dataflow.workflow;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Everything {@link WorkflowBuilder#build()} checks before a workflow may run. */
final class WorkflowValidator {

    private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final NodeRegistry registry;

    WorkflowValidator(NodeRegistry registry) {
        this.registry = registry;
    }

    Workflow validate(List<NodeSpec> nodes, List<String[]> connections, Map<String, List<String>> dependsOn, Map<String, Object> params) {
        Map<String, NodeSpec> byId = new LinkedHashMap<>();
        Map<String, NodeDefinition> definitions = new HashMap<>();
        for (NodeSpec node : nodes) {
            String where = "node '" + node.id() + "'";
            if (node.id() == null || !ID.matcher(node.id()).matches()) {
                throw new ConfigException(where, "id", "a node id must be letters, digits and _, starting with a letter or _");
            }
            if (byId.put(node.id(), node) != null) throw new ConfigException(where, "id", "two nodes have this id");
            definitions.put(node.id(), registry.require(node.type(), where));
        }
        for (String p : params.keySet()) {
            if (byId.containsKey(p)) throw new ConfigException("workflow", "params." + p, "a parameter and a node share the name '" + p + "'");
        }
        Map<String, Set<String>> upstream = new LinkedHashMap<>();
        byId.keySet().forEach(id -> upstream.put(id, new LinkedHashSet<>()));
        dependsOn.forEach((id, others) -> {
            requireNode(byId, id, "workflow", "depends_on");
            for (String other : others) {
                requireNode(byId, other, where(byId.get(id)), "depends_on");
                upstream.get(id).add(other);
            }
        });
        Map<String, List<Edge>> inputs = new HashMap<>();
        for (String[] c : connections) {
            Edge edge = edge(byId, definitions, c);
            inputs.computeIfAbsent(edge.to(), k -> new ArrayList<>()).add(edge);
            upstream.get(edge.to()).add(edge.from());
        }
        for (NodeSpec node : byId.values()) {
            String where = where(node);
            NodeDefinition definition = definitions.get(node.id());
            for (Map.Entry<String, Reference> ref : references(node.config(), "").entrySet()) {
                Reference r = ref.getValue();
                if (byId.containsKey(r.target())) {
                    checkOutput(where, ref.getKey(), r, definitions.get(r.target()));
                    upstream.get(node.id()).add(r.target());
                } else if (!params.containsKey(r.target())) {
                    Set<String> names = new LinkedHashSet<>(byId.keySet());
                    names.addAll(params.keySet());
                    throw new ConfigException(where, ref.getKey(), "references '" + r + "', but there is no node or parameter '"
                            + r.target() + "'" + DidYouMean.hint(r.target(), names));
                }
            }
            Set<String> provided = new HashSet<>();
            inputs.getOrDefault(node.id(), List.of()).forEach(e -> provided.add(e.toKey()));
            provided.addAll(topKeys(provided));
            definition.schema().validate(where, "", node.config(), provided, v -> Reference.parse(v).isPresent());
            definition.validate(ConfigReader.of(where, withReferenceObjects(node.config())));
        }
        List<String> order = topologicalOrder(upstream);
        List<Workflow.Step> steps = new ArrayList<>();
        for (String id : order) {
            steps.add(new Workflow.Step(byId.get(id), definitions.get(id), Set.copyOf(upstream.get(id)), inputs.getOrDefault(id, List.of())));
        }
        return new Workflow(steps, params);
    }

    private static String where(NodeSpec node) {
        return "node '" + node.id() + "' (" + node.type() + ")";
    }

    private static void requireNode(Map<String, NodeSpec> byId, String id, String where, String key) {
        if (!byId.containsKey(id)) {
            throw new ConfigException(where, key, "there is no node '" + id + "'" + DidYouMean.hint(id, byId.keySet()));
        }
    }

    private Edge edge(Map<String, NodeSpec> byId, Map<String, NodeDefinition> definitions, String[] c) {
        String from = c[0];
        String to = c[2];
        requireNode(byId, from, "connection " + from + " -> " + to, "from");
        requireNode(byId, to, "connection " + from + " -> " + to, "to");
        List<String> fromPath = c[1] == null || c[1].isEmpty() ? List.of() : List.of(c[1].split("\\."));
        String toKey = c[3];
        if (toKey == null || toKey.isBlank()) throw new ConfigException(where(byId.get(to)), "connection", "names no input key");
        NodeDefinition target = definitions.get(to);
        String top = toKey.split("\\.")[0];
        if (target.schema().key(top) == null && !target.schema().isOpen()) {
            List<String> names = target.schema().keys().stream().map(KeySpec::name).toList();
            throw new ConfigException(where(byId.get(to)), toKey, "a connection targets an unknown input" + DidYouMean.hint(top, names)
                    + "; accepted keys: " + String.join(", ", names));
        }
        Edge edge = new Edge(from, fromPath, to, toKey);
        checkOutput(where(byId.get(to)), toKey, new Reference(from, fromPath), definitions.get(from));
        return edge;
    }

    private static void checkOutput(String where, String key, Reference r, NodeDefinition source) {
        if (r.path().isEmpty() || source.outputs().isEmpty()) return;
        String first = r.path().get(0);
        if (!source.outputs().contains(first)) {
            throw new ConfigException(where, key, "references output '" + first + "' of node '" + r.target() + "' ("
                    + source.type() + "), which has no such output" + DidYouMean.hint(first, source.outputs())
                    + "; its outputs are: " + String.join(", ", source.outputs()));
        }
    }

    /** Every reference in a config, by the dotted key that holds it. */
    static Map<String, Reference> references(Object value, String key) {
        Map<String, Reference> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.putAll(references(v, key.isEmpty() ? String.valueOf(k) : key + "." + k)));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) out.putAll(references(l.get(i), key + "[" + i + "]"));
        } else {
            Reference.parse(value).ifPresent(r -> out.put(key, r));
        }
        return out;
    }

    private static Set<String> topKeys(Set<String> keys) {
        Set<String> out = new HashSet<>();
        keys.forEach(k -> out.add(k.split("\\.")[0]));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> withReferenceObjects(Map<String, Object> config) {
        return (Map<String, ?>) replaceReferences(config);
    }

    private static Object replaceReferences(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, replaceReferences(v)));
            return out;
        }
        if (value instanceof List<?> l) return l.stream().map(WorkflowValidator::replaceReferences).toList();
        return Reference.parse(value).<Object>map(r -> r).orElse(value);
    }

    /** Kahn's algorithm in declaration order; a leftover means a cycle, which is then named. */
    private static List<String> topologicalOrder(Map<String, Set<String>> upstream) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        boolean progress = true;
        while (progress && order.size() < upstream.size()) {
            progress = false;
            for (Map.Entry<String, Set<String>> e : upstream.entrySet()) {
                if (!done.contains(e.getKey()) && done.containsAll(e.getValue())) {
                    order.add(e.getKey());
                    done.add(e.getKey());
                    progress = true;
                }
            }
        }
        if (order.size() < upstream.size()) {
            List<String> cycle = findCycle(upstream, done);
            throw new ConfigException("node '" + cycle.get(0) + "'", null, "the workflow has a cycle: " + String.join(" -> ", cycle));
        }
        return order;
    }

    private static List<String> findCycle(Map<String, Set<String>> upstream, Set<String> done) {
        String start = upstream.keySet().stream().filter(id -> !done.contains(id)).findFirst().orElseThrow();
        List<String> path = new ArrayList<>();
        String current = start;
        while (!path.contains(current)) {
            path.add(current);
            current = upstream.get(current).stream().filter(id -> !done.contains(id)).findFirst().orElseThrow();
        }
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        cycle.add(current);
        java.util.Collections.reverse(cycle); // upstream edges point backwards: print in run order
        return cycle;
    }
}
