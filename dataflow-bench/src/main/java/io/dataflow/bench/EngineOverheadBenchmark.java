package io.dataflow.bench;

import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeRegistry;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.Workflow;
import io.dataflow.workflow.WorkflowBuilder;
import io.dataflow.workflow.WorkflowRuntime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's overhead per trivial node (target: under 20 µs), beside the baseline of calling the
 * same node's code directly. Each invocation runs 100 nodes, so the scores are per node.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class EngineOverheadBenchmark {

    static final int NODES = 100;
    WorkflowRuntime runtime;
    Workflow chain;
    Workflow fanOut;
    final BenchNodes.Increment node = new BenchNodes.Increment();

    @Setup(Level.Trial)
    public void setUp() {
        NodeRegistry registry = NodeRegistry.load(List.of());
        WorkflowBuilder c = new WorkflowBuilder(registry).addNode("IncrementNode", "n0", Map.of("value", 0));
        for (int i = 1; i < NODES; i++) c.addNode("IncrementNode", "n" + i, Map.of("value", ":n" + (i - 1) + ".value"));
        chain = c.build();
        WorkflowBuilder f = new WorkflowBuilder(registry);
        for (int i = 0; i < NODES; i++) f.addNode("IncrementNode", "n" + i, Map.of("value", i));
        fanOut = f.build();
        runtime = new WorkflowRuntime(null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.close();
    }

    /** 100 nodes, each taking the previous one's output: runs inline, no thread hand-offs. */
    @Benchmark
    @OperationsPerInvocation(NODES)
    public Results engineChain() {
        return runtime.execute(chain);
    }

    /** 100 independent nodes: handed to worker threads, results collected by the coordinator. */
    @Benchmark
    @OperationsPerInvocation(NODES)
    public Results engineFanOut() {
        return runtime.execute(fanOut);
    }

    /** Baseline: the same 100 node bodies called directly in a loop. */
    @Benchmark
    @OperationsPerInvocation(NODES)
    public Object directCalls() {
        Map<String, Object> out = Map.of("value", 0);
        NodeContext context = new NodeContext(null, "bench", "n", Map.of(), NodeContext.Progress.NONE, () -> false);
        for (int i = 0; i < NODES; i++) {
            Map<String, Object> config = new HashMap<>();
            config.put("value", out.get("value"));
            out = node.execute(context, config);
        }
        return out;
    }
}
