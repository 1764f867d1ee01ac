package io.dataflow.mview.nodes;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dataflow.Json;
import java.util.Map;

/** A result record as a node output: the same snake_case keys as its JSON. */
final class Outputs {

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Json.mapper();

    private Outputs() {
    }

    static Map<String, Object> of(Object record) {
        return MAPPER.convertValue(record, new TypeReference<Map<String, Object>>() { });
    }

    static String where(io.dataflow.workflow.NodeContext context, String type) {
        return "node '" + context.nodeId() + "' (" + type + ")";
    }
}
