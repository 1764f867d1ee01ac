package io.dataflow.workflow;

import java.util.List;
import java.util.Map;

/**
 * One node of a workflow as written: {@code add_node("Type", "id", {config})}.
 *
 * @param dependsOn nodes this one waits for without taking their output
 */
public record NodeSpec(String type, String id, Map<String, Object> config, List<String> dependsOn) {
}
