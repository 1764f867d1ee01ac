package io.dataflow.workflow;

import io.dataflow.config.ConfigReader;
import java.util.Map;
import java.util.Set;

/**
 * A node type: its name (the guide's, e.g. {@code QueryPlanAnalyzerNode}), its config schema and
 * how it runs. Implementations are adapters: they read the config and call the typed core.
 */
public interface NodeDefinition {

    String type();

    String description();

    ConfigSchema schema();

    /** The top-level keys of the output, for checking {@code ":node.key"} references; empty means any. */
    default Set<String> outputs() {
        return Set.of();
    }

    /**
     * Checks the config's meaning beyond types (columns exist, fragments parse) at build time.
     * Values that reference other nodes are {@link Reference} objects here.
     */
    default void validate(ConfigReader config) {
    }

    /** Runs the node with its references resolved and defaults filled; returns its output. */
    Map<String, Object> execute(NodeContext context, Map<String, Object> config) throws Exception;
}
