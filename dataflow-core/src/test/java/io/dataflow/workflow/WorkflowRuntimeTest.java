package io.dataflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkflowRuntimeTest {

    private final WorkflowRuntime runtime = new WorkflowRuntime(null);

    @AfterEach
    void close() {
        runtime.close();
    }

    private static NodeRegistry registry() {
        return NodeRegistry.load(List.of());
    }

    private static WorkflowBuilder builder() {
        return new WorkflowBuilder(NodeRegistry.load(List.of()));
    }

    @Test
    void referencesConnectionsAndPathsCarryOutputsDownstream() {
        Workflow w = builder()
                .addNode("EchoNode", "load", Map.of("rows", List.of(Map.of("name", "ann"), Map.of("name", "eve"))))
                .addNode("TypedNode", "greet", Map.of("name", ":load.rows.1.name"))
                .addNode("EchoNode", "use", Map.of("literal", "::not_a_ref", "whole", ":greet"))
                .connect("greet", "greeting", "use", "nested.greeting")
                .build();
        Results r = runtime.execute(w);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.output("greet")).containsEntry("greeting", "hello eve").containsEntry("count", 1);
        Results typeError = runtime.execute(builder().addNode("EchoNode", "load", Map.of("n", 8))
                .addNode("TypedNode", "greet", Map.of("name", ":load.n")).build());
        assertThat(typeError.node("greet").error()).isEqualTo("node 'greet' (TypedNode), key 'name': must be text, got number 8");
        assertThat(r.output("use")).containsEntry("literal", ":not_a_ref")
                .containsEntry("whole", Map.of("greeting", "hello eve", "count", 1))
                .containsEntry("nested", Map.of("greeting", "hello eve"));
        assertThat(r.runId()).isNotBlank();
        assertThat(r.node("use").ms()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void parametersFillReferencesAndRuntimeValuesWin() {
        Workflow w = builder().param("who", "default").addNode("TypedNode", "greet", Map.of("name", ":who")).build();
        assertThat(runtime.execute(w).output("greet")).containsEntry("greeting", "hello default");
        assertThat(runtime.execute(w, Map.of("who", "ann")).output("greet")).containsEntry("greeting", "hello ann");
    }

    @Test
    void independentBranchesRunConcurrently() {
        TestNodes.GROUPS.put("overlap", new CountDownLatch(2));
        Workflow w = builder()
                .addNode("RendezvousNode", "left", Map.of("group", "overlap"))
                .addNode("RendezvousNode", "right", Map.of("group", "overlap"))
                .addNode("EchoNode", "join", Map.of("l", ":left.met", "r", ":right.met"))
                .build();
        Results r = runtime.execute(w);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.output("join")).containsEntry("l", true).containsEntry("r", true);
    }

    @Test
    void aFailureStopsOnlyItsDependents() {
        Workflow w = builder()
                .addNode("FailNode", "bad", Map.of())
                .addNode("EchoNode", "after_bad", Map.of("x", ":bad"))
                .addNode("EchoNode", "after_after", Map.of("x", ":after_bad"))
                .addNode("EchoNode", "good", Map.of("v", 1))
                .addNode("EchoNode", "after_good", Map.of("x", ":good.v"))
                .build();
        Results r = runtime.execute(w);
        assertThat(r.ok()).isFalse();
        assertThat(r.node("bad").status()).isEqualTo(NodeResult.Status.FAILED);
        assertThat(r.node("bad").error()).isEqualTo("boom");
        assertThat(r.node("after_bad").status()).isEqualTo(NodeResult.Status.SKIPPED);
        assertThat(r.node("after_after").status()).isEqualTo(NodeResult.Status.SKIPPED);
        assertThat(r.node("after_after").error()).contains("'bad'");
        assertThat(r.output("after_good")).containsEntry("x", 1);
    }

    @Test
    void dependsOnOrdersWithoutPassingOutput() {
        Workflow w = builder().addNode("EchoNode", "read", Map.of()).addNode("EchoNode", "write", Map.of())
                .dependsOn("read", "write").build();
        assertThat(w.nodeIds()).containsExactly("write", "read");
    }

    @Test
    void runsCanBeCancelled() throws Exception {
        Workflow w = builder().addNode("BlockNode", "slow", Map.of()).addNode("EchoNode", "after", Map.of("x", ":slow")).build();
        RunHandle handle = runtime.start(w, Map.of(), RunOptions.defaults());
        Thread.sleep(100);
        handle.cancel();
        Results r = handle.await();
        assertThat(r.node("slow").status()).isEqualTo(NodeResult.Status.CANCELLED);
        assertThat(r.node("after").status()).isIn(NodeResult.Status.SKIPPED, NodeResult.Status.CANCELLED);
    }

    @Test
    void aNodeThatThrowsAnErrorFailsWithOneLineNamingItAndTheRunEnds() {
        for (String error : List.of("stack_overflow", "out_of_memory", "linkage")) {
            // two independent nodes first, so the failing one runs on a worker thread (the thread an Error used to kill)
            Workflow w = builder().addNode("EchoNode", "a", Map.of("x", 1)).addNode("ThrowNode", "boom", Map.of("error", error))
                    .addNode("EchoNode", "after", Map.of("x", ":boom")).build();
            Results r = runtime.execute(w);
            assertThat(r.ok()).isFalse();
            assertThat(r.node("a").status()).isEqualTo(NodeResult.Status.OK);
            assertThat(r.node("boom").status()).isEqualTo(NodeResult.Status.FAILED);
            assertThat(r.node("boom").error()).startsWith("node 'boom' (ThrowNode) failed: ").doesNotContain("\n");
            assertThat(r.node("after").status()).isEqualTo(NodeResult.Status.SKIPPED);
        }
        Results inline = runtime.execute(builder().addNode("ThrowNode", "only", Map.of("error", "stack_overflow")).build());
        assertThat(inline.node("only").error()).contains("node 'only' (ThrowNode)").contains("stack overflow");
    }

    @Test
    void interruptingTheCallingThreadCancelsTheRun() throws Exception {
        Workflow w = builder().addNode("BlockNode", "slow", Map.of()).build(); // runs inline on the caller's thread
        java.util.concurrent.atomic.AtomicReference<Results> out = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> out.set(runtime.execute(w)));
        caller.start();
        while (caller.getState() != Thread.State.TIMED_WAITING) Thread.onSpinWait();
        caller.interrupt();
        caller.join();
        assertThat(out.get().node("slow").status()).isEqualTo(NodeResult.Status.CANCELLED);
        assertThat(out.get().node("slow").error()).isEqualTo("the run was interrupted");
    }

    @Test
    void aWorkflowFilesTimeoutMsCancelsTheRun() {
        Workflow w = WorkflowFiles.parse("timeout_ms: 200\nnodes:\n  - {type: BlockNode, id: slow}\n", "test", registry());
        assertThat(w.timeout()).isEqualTo(Duration.ofMillis(200));
        Results r = runtime.execute(w);
        assertThat(r.node("slow").status()).isEqualTo(NodeResult.Status.CANCELLED);
        assertThat(r.node("slow").error()).isEqualTo("the run timed out after 200 ms");
        assertThatThrownBy(() -> WorkflowFiles.parse("timeout_ms: 0\nnodes:\n  - {type: BlockNode, id: slow}\n", "test", registry()))
                .hasMessageContaining("timeout_ms").hasMessageContaining("positive");
    }

    @Test
    void anOverallTimeoutCancelsTheRun() {
        Workflow w = builder().addNode("BlockNode", "slow", Map.of()).build();
        Results r = runtime.execute(w, Map.of(), RunOptions.defaults().withTimeout(Duration.ofMillis(200)));
        assertThat(r.node("slow").status()).isEqualTo(NodeResult.Status.CANCELLED);
    }

    @Test
    void aMissingPathFailsTheNodeWithAClearMessage() {
        Workflow w = builder().addNode("EchoNode", "load", Map.of("rows", List.of()))
                .addNode("EchoNode", "use", Map.of("x", ":load.rows.0.id")).build();
        Results r = runtime.execute(w);
        assertThat(r.node("use").status()).isEqualTo(NodeResult.Status.FAILED);
        assertThat(r.node("use").error()).contains(":load.rows.0.id").contains("a list of 0");
    }

    @Test
    void yamlFilesGiveTheSameWorkflow() {
        String yaml = """
                params: {who: bob}
                nodes:
                  - {type: EchoNode, id: src, config: {n: ":who"}}
                  - {type: TypedNode, id: greet, config: {}, depends_on: [src]}
                connections:
                  - {from: src.n, to: greet.name}
                """;
        Workflow w = WorkflowFiles.parse(yaml, "test.yaml", NodeRegistry.load(List.of()));
        assertThat(runtime.execute(w).output("greet")).containsEntry("greeting", "hello bob");
    }
}
