package io.dataflow.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a workflow from YAML or JSON, the same shape as the Java calls:
 * <pre>
 * params: {user_id: 1}
 * nodes:
 *   - {type: UserCreateNode, id: create_user, config: {name: Alice}}
 *   - {type: OrderListNode, id: orders, config: {filter: {user_id: ":create_user.id"}}, depends_on: [load]}
 * connections:
 *   - {from: create_user.id, to: orders.filter.user_id}
 * cache_config: {backend: redis, redis_url: "redis://127.0.0.1:6379"}
 * timeout_ms: 60000      # the whole run's limit: then running statements are cancelled on the server
 * </pre>
 * {@code cache_config} (the guide's dict) is not part of the workflow: whoever opens the database for
 * it reads it with {@link #section} ({@code ./dataflow run} does).
 */
public final class WorkflowFiles {

    private WorkflowFiles() {
    }

    public static Workflow read(Path file, NodeRegistry registry) {
        try {
            return parse(Files.readString(file), "workflow file " + file, registry);
        } catch (IOException e) {
            throw new ConfigException("workflow file " + file, null, "cannot be read: " + e.getMessage());
        }
    }

    /** A top-level mapping of a workflow file other than the workflow itself, e.g. {@code cache_config}. */
    @SuppressWarnings("unchecked")
    public static java.util.Optional<Map<String, ?>> section(Path file, String key) {
        String where = "workflow file " + file;
        try {
            Object doc = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Object.class);
            if (!(doc instanceof Map<?, ?> map) || map.get(key) == null) return java.util.Optional.empty();
            return java.util.Optional.of(ConfigReader.of(where, (Map<String, ?>) map).section(key).raw());
        } catch (IOException e) {
            throw new ConfigException(where, null, "cannot be read: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    public static Workflow parse(String text, String where, NodeRegistry registry) {
        Object doc;
        try {
            doc = new ObjectMapper(new YAMLFactory()).readValue(text, Object.class);
        } catch (IOException e) {
            throw new ConfigException(where, null, "is not valid YAML/JSON: " + e.getMessage());
        }
        if (!(doc instanceof Map<?, ?> map)) throw new ConfigException(where, null, "must be a mapping with a 'nodes' list");
        ConfigReader root = ConfigReader.of(where, (Map<String, ?>) map).allowOnly(Set.of("nodes", "connections", "params", "cache_config", "timeout_ms"));
        WorkflowBuilder builder = new WorkflowBuilder(registry);
        root.optSection("params").ifPresent(p -> p.keys().forEach(k -> builder.param(k, p.value(k))));
        List<?> nodes = root.list("nodes");
        if (nodes.isEmpty()) throw root.error("nodes", "must list at least one node");
        for (int i = 0; i < nodes.size(); i++) {
            ConfigReader node = root.child("nodes[" + i + "]", nodes.get(i)).allowOnly(Set.of("type", "id", "config", "depends_on"));
            String id = node.string("id");
            Map<String, ?> config = node.optSection("config").map(ConfigReader::raw).orElse(Map.of());
            builder.addNode(node.string("type"), id, config);
            node.optStringList("depends_on").ifPresent(deps -> deps.forEach(d -> builder.dependsOn(id, d)));
        }
        List<?> connections = root.list("connections");
        for (int i = 0; i < connections.size(); i++) {
            ConfigReader c = root.child("connections[" + i + "]", connections.get(i)).allowOnly(Set.of("from", "to"));
            String from = c.string("from");
            String to = c.string("to");
            int fromDot = from.indexOf('.');
            int toDot = to.indexOf('.');
            if (toDot < 0) throw c.error("to", "must be 'node_id.input_key', got '" + to + "'");
            builder.connect(fromDot < 0 ? from : from.substring(0, fromDot), fromDot < 0 ? "" : from.substring(fromDot + 1),
                    to.substring(0, toDot), to.substring(toDot + 1));
        }
        Workflow workflow = builder.build();
        java.util.Optional<Integer> timeoutMs = root.optInteger("timeout_ms");
        if (timeoutMs.isPresent() && timeoutMs.get() <= 0) throw root.error("timeout_ms", "must be a positive number of milliseconds, got " + timeoutMs.get());
        return timeoutMs.map(ms -> workflow.withTimeout(java.time.Duration.ofMillis(ms))).orElse(workflow);
    }
}
