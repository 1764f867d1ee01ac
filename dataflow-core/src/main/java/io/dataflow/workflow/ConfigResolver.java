package io.dataflow.workflow;

import io.dataflow.DataFlowException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Replaces references and connections in a node's config with the upstream outputs they name. */
final class ConfigResolver {

    private ConfigResolver() {
    }

    static Map<String, Object> resolve(Workflow.Step step, Map<String, Map<String, Object>> outputs, Map<String, Object> params) {
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) resolveValue(step.spec().config(), outputs, params);
        for (Edge edge : step.inputs()) {
            Object value = lookup(new Reference(edge.from(), edge.fromPath()), outputs, params);
            put(config, edge.toKey(), value);
        }
        return step.definition().schema().withDefaults(config);
    }

    private static Object resolveValue(Object value, Map<String, Map<String, Object>> outputs, Map<String, Object> params) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), resolveValue(v, outputs, params)));
            return out;
        }
        if (value instanceof List<?> l) return l.stream().map(v -> resolveValue(v, outputs, params)).toList();
        var ref = Reference.parse(value);
        if (ref.isPresent()) return lookup(ref.get(), outputs, params);
        return Reference.literal(value);
    }

    static Object lookup(Reference ref, Map<String, Map<String, Object>> outputs, Map<String, Object> params) {
        Object current = outputs.containsKey(ref.target()) ? outputs.get(ref.target()) : params.get(ref.target());
        if (current == null && !outputs.containsKey(ref.target()) && !params.containsKey(ref.target())) {
            throw new DataFlowException("'" + ref + "' has no value: parameter '" + ref.target() + "' was not given");
        }
        StringBuilder walked = new StringBuilder(ref.target());
        for (String segment : ref.path()) {
            walked.append('.').append(segment);
            if (current instanceof Map<?, ?> m && m.containsKey(segment)) {
                current = m.get(segment);
            } else if (current instanceof List<?> l && segment.matches("\\d+") && Integer.parseInt(segment) < l.size()) {
                current = l.get(Integer.parseInt(segment));
            } else {
                throw new DataFlowException("'" + ref + "' cannot be resolved: the output has no '" + walked + "'"
                        + (current instanceof Map<?, ?> m ? " (it has: " + String.join(", ", m.keySet().stream().map(String::valueOf).toList()) + ")"
                        : current instanceof List<?> l ? " (a list of " + l.size() + ")" : ""));
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> config, String dottedKey, Object value) {
        String[] parts = dottedKey.split("\\.");
        Map<String, Object> target = config;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = target.get(parts[i]);
            if (!(next instanceof Map<?, ?>)) {
                next = new LinkedHashMap<String, Object>();
                target.put(parts[i], next);
            } else if (!(next instanceof LinkedHashMap<?, ?>)) {
                next = new LinkedHashMap<>((Map<String, Object>) next);
                target.put(parts[i], next);
            }
            target = (Map<String, Object>) next;
        }
        target.put(parts[parts.length - 1], value);
    }
}
