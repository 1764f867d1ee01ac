package io.dataflow.lock;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import io.dataflow.crud.CrudTestModels;
import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeRegistry;
import io.dataflow.workflow.WorkflowBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad lock-node configs are refused at build time, naming the node and the key. */
class LockNodesConfigTest {

    final ModelSpec unversioned = ModelSpec.fromMap(Map.of("name", "Note", "fields", Map.of("text", "str")));

    private WorkflowBuilder builder() {
        return new WorkflowBuilder(NodeRegistry.load(List.of(CrudTestModels.product(), unversioned)));
    }

    private void refused(Map<String, ?> config, String key, String problem) {
        assertThatThrownBy(() -> builder().addNode("OptimisticUpdateNode", "u", config).build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("node 'u' (OptimisticUpdateNode)").hasMessageContaining("key '" + key + "'").hasMessageContaining(problem);
    }

    @Test
    void optimisticUpdateRefusals() {
        refused(Map.of("model", "Prodcut", "id", 1, "fields", Map.of("price", 1)), "model", "unknown model 'Prodcut' (did you mean 'Product'?)");
        refused(Map.of("model", "Product", "id", 1, "fields", Map.of("prise", 1)), "fields.prise", "did you mean 'price'");
        refused(Map.of("model", "Product", "id", 1, "fields", Map.of("price", 1), "max_retries", -1), "max_retries", "must be 0 or more, got -1");
        refused(Map.of("model", "Note", "id", 1, "fields", Map.of("text", "x"), "conflict_resolution", "merge"), "conflict_resolution",
                "model Note has no version column, so there is nothing to merge against");
        refused(Map.of("model", "Note", "id", 1, "fields", Map.of("text", "x")), "model", "model Note has no version column");
        refused(Map.of("model", "Product", "id", 1, "fields", Map.of("price", 1), "conflict_resolution", "merg"), "conflict_resolution",
                "did you mean 'merge'");
        refused(Map.of("model", "Product", "id", 1, "fields", Map.of("price", 1), "conflict_resolution", "merge", "base", Map.of("name", "x")),
                "base", "missing: price");
        refused(Map.of("model", "Product", "id", 1, "fields", Map.of("price", 1), "base", Map.of("price", 1, "version", 2), "expected_version", 3),
                "expected_version", "is 3 but base.version is 2");
        refused(Map.of("model", "Product", "id", 1, "fields", Map.of("price", 1), "base", Map.of("prize", 1)), "base.prize", "did you mean 'price'");
        refused(Map.of("model", "Product", "id", 1, "fields", Map.of("price", Map.of("$inc", "x"))), "fields.price.$inc", "must be a number");
        refused(Map.of("model", "Product", "id", 1, "fields", Map.of("price", 1), "max_retries", "3"), "max_retries", "must be a whole number");
    }

    @Test
    void referencesAreCheckedWhenTheNodeRuns() {
        assertThatCode(() -> builder().param("pid", 1).param("n", 2).param("m", "Product")
                .addNode("OptimisticUpdateNode", "u", Map.of("model", "Product", "id", ":pid", "fields", Map.of("price", Map.of("$inc", ":n")),
                        "max_retries", ":n"))
                .addNode("OptimisticUpdateNode", "v", Map.of("model", ":m", "id", ":pid", "fields", Map.of("whatever", 1)))
                .addNode("EchoNode", "read", Map.of())
                .addNode("OptimisticUpdateNode", "w", Map.of("model", "Product", "id", ":pid", "fields", ":read.fields",
                        "conflict_resolution", "merge", "base", ":read.row"))
                .build()).doesNotThrowAnyException();
    }

    @Test
    void lockMonitorRefusals() {
        assertThatCode(() -> builder().addNode("LockMonitorNode", "m", Map.of("track", List.of("lock_waits", "deadlocks", "long_held_locks",
                "lock_escalations"), "thresholds", Map.of("wait_time_ms", 1000, "hold_time_s", 5), "capture", Map.of("blocking_queries", true,
                "wait_graphs", true, "query_plans", true))).build()).doesNotThrowAnyException();
        assertThatThrownBy(() -> builder().addNode("LockMonitorNode", "m", Map.of("track", List.of("lock_wait"))).build())
                .hasMessageContaining("node 'm' (LockMonitorNode)").hasMessageContaining("key 'track'").hasMessageContaining("did you mean 'lock_waits'");
        assertThatThrownBy(() -> builder().addNode("LockMonitorNode", "m", Map.of("thresholds", Map.of("wait_time_ms", -5))).build())
                .hasMessageContaining("key 'thresholds.wait_time_ms'").hasMessageContaining("must be 0 or more");
        assertThatThrownBy(() -> builder().addNode("LockMonitorNode", "m", Map.of("thresholds", Map.of("wait_time", 5))).build())
                .hasMessageContaining("key 'thresholds.wait_time'").hasMessageContaining("did you mean 'wait_time_ms'");
        assertThatThrownBy(() -> builder().addNode("LockMonitorNode", "m", Map.of("capture", Map.of("query_plans", "yes"))).build())
                .hasMessageContaining("key 'capture.query_plans'").hasMessageContaining("must be true or false");
    }
}
