package io.dataflow.plan.nodes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.Json;
import io.dataflow.config.ConfigReader;
import io.dataflow.plan.QueryPlan;
import io.dataflow.plan.TypedValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Converts between the plan package's records and the maps node outputs are made of (the same JSON keys). */
final class PlanNodeOutputs {

    static final Set<String> QUERY_PLAN_KEYS = Set.of("sql", "params", "param_types", "command", "modifies_data", "analyzed",
            "timed_out", "timeout_ms", "planning_ms", "execution_ms", "total_cost", "plan", "findings", "text");

    private static final ObjectMapper MAPPER = Json.mapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // e.g. the rendered text

    private PlanNodeOutputs() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(Object record) {
        return MAPPER.convertValue(record, LinkedHashMap.class);
    }

    static QueryPlan queryPlan(Object map) {
        return MAPPER.convertValue(map, QueryPlan.class);
    }

    /** {@code params}: plain values, or {@code {value, type}} for an explicit type. */
    static Map<String, Object> params(ConfigReader config) {
        Map<String, Object> out = new LinkedHashMap<>();
        config.optSection("params").ifPresent(p -> {
            for (String name : p.keys()) {
                Object v = p.value(name);
                if (v instanceof Map<?, ?> m && m.containsKey("type")) {
                    ConfigReader typed = p.child(name, v).allowOnly(Set.of("value", "type"));
                    out.put(name, new TypedValue(typed.string("type"), typed.value("value")));
                } else {
                    out.put(name, v);
                }
            }
        });
        return out;
    }
}
