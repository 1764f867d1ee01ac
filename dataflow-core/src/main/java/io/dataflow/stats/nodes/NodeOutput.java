package io.dataflow.stats.nodes;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.Map;

/** Node outputs are plain maps and lists (what ":node.key" references walk), in the JSON form of the result records. */
final class NodeOutput {

    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private NodeOutput() {
    }
}
