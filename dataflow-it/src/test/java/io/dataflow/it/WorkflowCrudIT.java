package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.DataFlow;
import io.dataflow.Json;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.Workflow;
import io.dataflow.workflow.WorkflowBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Generated CRUD nodes in workflows: from a YAML file through the CLI, and the same built in Java. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class WorkflowCrudIT extends ServerTest {

    WorkflowCrudIT(TestServers.Server server) {
        super(server);
    }

    @Test
    void theYamlWorkflowRunsFromTheCliWithTheExpectedOutputs() throws Exception {
        Cli.Run run = Cli.run("run", "../examples/crud-workflow.yaml", "--models", "../examples/guide-models.yaml",
                "--url", db.url(), "--json");
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        JsonNode nodes = new ObjectMapper().readTree(run.out()).get("nodes");
        assertThat(nodes.get("alice").get("status").asText()).isEqualTo("ok");
        assertThat(nodes.get("alice").get("output").get("name").asText()).isEqualTo("Alice");
        long alice = nodes.get("alice").get("output").get("id").asLong();
        assertThat(nodes.get("orders").get("output").get("inserted").asInt()).isEqualTo(4);
        assertThat(nodes.get("orders").get("output").get("ids")).hasSize(4);
        JsonNode pending = nodes.get("alice_pending").get("output");
        assertThat(pending.get("count").asInt()).isEqualTo(2);
        assertThat(pending.get("rows").get(0).get("total").asDouble()).isEqualTo(40.0);
        assertThat(pending.get("rows").get(0).get("user_id").asLong()).isEqualTo(alice);
        assertThat(nodes.get("ship").get("output").get("updated").asInt()).isEqualTo(1);
        JsonNode all = nodes.get("alice_all").get("output").get("rows");
        assertThat(all).extracting(r -> r.get("status").asText()).containsExactly("pending", "completed", "shipped");
        assertThat(nodes.get("alice_all").get("ms").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(new ObjectMapper().readTree(run.out()).get("run_id").asText()).isNotBlank();
    }

    @Test
    void theSameWorkflowBuiltInJavaGivesTheSameResults() throws Exception {
        Cli.Run run = Cli.run("run", "../examples/crud-workflow.yaml", "--models", "../examples/guide-models.yaml",
                "--url", db.url(), "--json");
        JsonNode fromYaml = withoutTimes(new ObjectMapper().readTree(run.out()).get("nodes"));

        try (TestDatabase other = server.freshDatabase(); DataFlow flow = other.open()) {
            flow.registerAll(Guide.models()).sync();
            WorkflowBuilder w = flow.workflow().param("customer_name", "Alice");
            w.addNode("UserCreateNode", "alice", Map.of("name", ":customer_name", "email", "alice@example.com"));
            w.addNode("UserCreateNode", "bob", Map.of("name", "Bob", "email", "bob@example.com"));
            w.dependsOn("bob", "alice"); // independent nodes run in any order: fix it so ids match
            w.addNode("OrderBulkCreateNode", "orders", Map.of("return_ids", true, "data", List.of(
                    Map.of("user_id", ":alice.id", "product_id", 10, "status", "pending", "total", 25.0),
                    Map.of("user_id", ":alice.id", "product_id", 11, "status", "completed", "total", 75.5),
                    Map.of("user_id", ":alice.id", "product_id", 12, "status", "pending", "total", 40.0),
                    Map.of("user_id", ":bob.id", "product_id", 10, "status", "pending", "total", 12.0))));
            w.addNode("OrderListNode", "alice_pending", Map.of("filter", Map.of("user_id", ":alice.id", "status", "pending"), "order_by", "-total"));
            w.dependsOn("alice_pending", "orders");
            w.addNode("OrderUpdateNode", "ship", Map.of("filter", Map.of("id", ":alice_pending.rows.0.id"), "fields", Map.of("status", "shipped")));
            w.addNode("OrderListNode", "alice_all", Map.of("filter", Map.of("user_id", ":alice.id"), "order_by", "id"));
            w.dependsOn("alice_all", "ship");
            Results results = flow.runtime().execute(w.build());
            assertThat(results.ok()).isTrue();
            JsonNode fromJava = withoutTimes(new ObjectMapper().readTree(Json.write(results)).get("nodes"));
            assertThat(fromJava).isEqualTo(fromYaml);
        }
    }

    /** Timestamps and durations differ between two runs; everything else must be equal. */
    private static JsonNode withoutTimes(JsonNode node) {
        if (node.isObject()) {
            var copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
            copy.remove(List.of("ms", "created_at", "updated_at"));
            List<String> names = new java.util.ArrayList<>();
            copy.fieldNames().forEachRemaining(names::add);
            for (String f : names) copy.set(f, withoutTimes(copy.get(f)));
            return copy;
        }
        if (node.isArray()) {
            var copy = new ObjectMapper().createArrayNode();
            node.forEach(n -> copy.add(withoutTimes(n)));
            return copy;
        }
        return node;
    }

    @Test
    void aHostileFilterValueIsJustAValue() {
        try (DataFlow flow = db.open()) {
            flow.registerAll(Guide.models("User")).sync();
            Workflow w = flow.workflow()
                    .addNode("UserCreateNode", "u", Map.of("name", "Ann", "email", "ann@example.com"))
                    .addNode("UserListNode", "evil", Map.of("filter", Map.of("name", "x'; DROP TABLE users; --")))
                    .addNode("UserListNode", "evil_in", Map.of("filter", Map.of("email", Map.of("$in", List.of("'); DELETE FROM users; --")))))
                    .build();
            Results r = flow.runtime().execute(w);
            assertThat(r.ok()).isTrue();
            assertThat(r.output("evil")).containsEntry("count", 0);
            assertThat(r.output("evil_in")).containsEntry("count", 0);
        }
        assertThat(db.value("SELECT count(*) FROM users")).isEqualTo("1");
    }

    @Test
    void aFailingNodeSkipsItsDependentsAndTheRestFinish() {
        try (DataFlow flow = db.open()) {
            flow.registerAll(Guide.models("User", "Order")).sync();
            Workflow w = flow.workflow()
                    .addNode("UserReadNode", "missing", Map.of("id", 999))
                    .addNode("OrderListNode", "their_orders", Map.of("filter", Map.of("user_id", ":missing.id")))
                    .addNode("UserCreateNode", "other", Map.of("name", "Cy"))
                    .build();
            Results r = flow.runtime().execute(w);
            assertThat(r.node("missing").error()).contains("User 999 not found");
            assertThat(r.node("their_orders").status().json()).isEqualTo("skipped");
            assertThat(r.output("other")).containsEntry("name", "Cy");
        }
    }

    @Test
    void optimisticLockConflictsAreReported() {
        try (DataFlow flow = db.open()) {
            flow.registerAll(Guide.models("Product")).sync();
            Workflow w = flow.workflow()
                    .addNode("ProductCreateNode", "p", Map.of("name", "Lamp", "price", 10.0))
                    .addNode("ProductUpdateNode", "first", Map.of("filter", Map.of("id", ":p.id", "version", ":p.version"), "fields", Map.of("price", 12.0)))
                    .addNode("ProductUpdateNode", "stale", Map.of("filter", Map.of("id", ":p.id", "version", ":p.version"), "fields", Map.of("price", 9.0)))
                    .dependsOn("stale", "first")
                    .build();
            Results r = flow.runtime().execute(w);
            assertThat(r.output("first")).containsEntry("updated", 1);
            assertThat(r.node("stale").status().json()).isEqualTo("failed");
            assertThat(r.node("stale").error()).contains("conflict");
        }
        assertThat(db.value("SELECT price || ' v' || version FROM products")).isEqualTo("12 v2");
    }

    @Test
    void crudConfigsAreValidatedAgainstTheModel() {
        try (DataFlow flow = db.open()) {
            flow.registerAll(Guide.models("Order"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> flow.workflow()
                            .addNode("OrderListNode", "l", Map.of("filter", Map.of("stauts", "pending"))).build())
                    .hasMessageContaining("node 'l' (OrderListNode)").hasMessageContaining("filter").hasMessageContaining("did you mean 'status'");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> flow.workflow()
                            .addNode("OrderUpdateNode", "u", Map.of("filter", Map.of("id", 1), "fields", Map.of("totl", 2))).build())
                    .hasMessageContaining("node 'u' (OrderUpdateNode)").hasMessageContaining("fields.totl").hasMessageContaining("did you mean 'total'");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> flow.workflow()
                            .addNode("OrderListNode", "l", Map.of("order_by", "-totl")).build())
                    .hasMessageContaining("key 'order_by'").hasMessageContaining("did you mean 'total'");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> flow.workflow()
                            .addNode("OrderCreateNode", "c", Map.of("total", "lots")).build())
                    .hasMessageContaining("node 'c' (OrderCreateNode)").hasMessageContaining("key 'total'").hasMessageContaining("must be a number");
        }
    }
}
