package io.dataflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every build-time error names the node and the key. */
class WorkflowValidationTest {

    private static WorkflowBuilder builder() {
        return new WorkflowBuilder(NodeRegistry.load(List.of()));
    }

    @Test
    void unknownNodeTypeGetsADidYouMean() {
        assertThatThrownBy(() -> builder().addNode("TypdNode", "greet", Map.of("name", "x")).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("node 'greet'").hasMessageContaining("key 'type'")
                .hasMessageContaining("unknown node type 'TypdNode'").hasMessageContaining("did you mean 'TypedNode'");
    }

    @Test
    void duplicateIds() {
        assertThatThrownBy(() -> builder().addNode("EchoNode", "a", Map.of()).addNode("EchoNode", "a", Map.of()).build())
                .hasMessageContaining("node 'a'").hasMessageContaining("key 'id'").hasMessageContaining("two nodes have this id");
    }

    @Test
    void invalidIds() {
        assertThatThrownBy(() -> builder().addNode("EchoNode", "a.b", Map.of()).build())
                .hasMessageContaining("node 'a.b'").hasMessageContaining("key 'id'");
    }

    @Test
    void cyclesAreNamed() {
        assertThatThrownBy(() -> builder()
                .addNode("EchoNode", "a", Map.of("x", ":c"))
                .addNode("EchoNode", "b", Map.of("x", ":a"))
                .addNode("EchoNode", "c", Map.of("x", ":b"))
                .addNode("EchoNode", "d", Map.of()).build())
                .hasMessageContaining("cycle").hasMessageContaining("a -> b -> c -> a");
    }

    @Test
    void referencesToMissingNodes() {
        assertThatThrownBy(() -> builder().addNode("EchoNode", "load", Map.of())
                .addNode("EchoNode", "use", Map.of("input", ":lod.rows")).build())
                .hasMessageContaining("node 'use' (EchoNode)").hasMessageContaining("key 'input'")
                .hasMessageContaining("no node or parameter 'lod'").hasMessageContaining("did you mean 'load'");
    }

    @Test
    void referencesToMissingOutputs() {
        assertThatThrownBy(() -> builder().addNode("TypedNode", "greet", Map.of("name", "x"))
                .addNode("EchoNode", "use", Map.of("nested", Map.of("v", ":greet.greting"))).build())
                .hasMessageContaining("node 'use' (EchoNode)").hasMessageContaining("key 'nested.v'")
                .hasMessageContaining("no such output").hasMessageContaining("did you mean 'greeting'");
    }

    @Test
    void missingRequiredKeys() {
        assertThatThrownBy(() -> builder().addNode("TypedNode", "greet", Map.of()).build())
                .hasMessageContaining("node 'greet' (TypedNode)").hasMessageContaining("key 'name'").hasMessageContaining("is required");
    }

    @Test
    void requiredKeysMayComeFromAConnection() {
        Workflow w = builder().addNode("EchoNode", "src", Map.of("n", "bob"))
                .addNode("TypedNode", "greet", Map.of()).connect("src", "n", "greet", "name").build();
        assertThat(w.nodeIds()).containsExactly("src", "greet");
    }

    @Test
    void unknownKeysGetADidYouMean() {
        assertThatThrownBy(() -> builder().addNode("TypedNode", "greet", Map.of("name", "x", "cuont", 2)).build())
                .hasMessageContaining("node 'greet' (TypedNode)").hasMessageContaining("key 'cuont'")
                .hasMessageContaining("did you mean 'count'");
        assertThatThrownBy(() -> builder().addNode("TypedNode", "greet", Map.of("name", "x", "options", Map.of("flg", true))).build())
                .hasMessageContaining("key 'options.flg'").hasMessageContaining("did you mean 'flag'");
    }

    @Test
    void wrongValueTypes() {
        assertThatThrownBy(() -> builder().addNode("TypedNode", "greet", Map.of("name", "x", "count", "two")).build())
                .hasMessageContaining("node 'greet' (TypedNode)").hasMessageContaining("key 'count'")
                .hasMessageContaining("must be a whole number, got text 'two'");
        assertThatThrownBy(() -> builder().addNode("TypedNode", "greet", Map.of("name", "x", "tags", List.of("a", "c"))).build())
                .hasMessageContaining("key 'tags'").hasMessageContaining("accepted: a, b");
        assertThatThrownBy(() -> builder().addNode("TypedNode", "greet", Map.of("name", "x", "options", Map.of("flag", "yes"))).build())
                .hasMessageContaining("key 'options.flag'").hasMessageContaining("must be true or false");
    }

    @Test
    void connectionsAreChecked() {
        assertThatThrownBy(() -> builder().addNode("EchoNode", "a", Map.of()).addNode("TypedNode", "b", Map.of("name", "x"))
                .connect("a", "v", "b", "nmae").build())
                .hasMessageContaining("node 'b' (TypedNode)").hasMessageContaining("key 'nmae'").hasMessageContaining("did you mean 'name'");
        assertThatThrownBy(() -> builder().addNode("EchoNode", "a", Map.of()).connect("x", "v", "a", "y").build())
                .hasMessageContaining("key 'from'").hasMessageContaining("no node 'x'");
    }

    @Test
    void dependsOnTargetsMustExist() {
        assertThatThrownBy(() -> builder().addNode("EchoNode", "a", Map.of()).dependsOn("a", "writer").build())
                .hasMessageContaining("node 'a' (EchoNode)").hasMessageContaining("key 'depends_on'").hasMessageContaining("no node 'writer'");
    }

    @Test
    void sqlTextWithPlaceholdersIsNotAReference() {
        Workflow w = builder().addNode("EchoNode", "q", Map.of("query", "SELECT * FROM t WHERE id = :id")).build();
        assertThat(w.nodeIds()).containsExactly("q");
    }
}
