package io.dataflow.workflow;

import io.dataflow.DataFlow;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs workflows on a DataFlow: nodes in dependency order, independent branches concurrently
 * (bounded by {@link RunOptions#parallelism()}), a failed node skipping only its dependents.
 */
public final class WorkflowRuntime implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private final DataFlow db;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dataflow-node-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public WorkflowRuntime(DataFlow db) {
        this.db = db;
    }

    public Results execute(Workflow workflow) {
        return execute(workflow, Map.of());
    }

    /** Runs with parameters for {@code ":name"} references and {@code :name} SQL placeholders. */
    public Results execute(Workflow workflow, Map<String, ?> params) {
        return execute(workflow, params, RunOptions.defaults());
    }

    public Results execute(Workflow workflow, Map<String, ?> params, RunOptions options) {
        return new Run(db, workflow, params, options, newRunId(), workers).call();
    }

    /** Starts a run in the background; the handle waits for or cancels it. */
    public RunHandle start(Workflow workflow, Map<String, ?> params, RunOptions options) {
        Run run = new Run(db, workflow, params, options, newRunId(), workers);
        CompletableFuture<Results> future = CompletableFuture.supplyAsync(run::call, workers);
        return new RunHandle(run.runId(), future, run::cancel);
    }

    private static String newRunId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
