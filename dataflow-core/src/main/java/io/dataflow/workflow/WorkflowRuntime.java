package io.dataflow.workflow;

import io.dataflow.DataFlow;
import java.util.List;
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
    private final java.util.Set<Run> active = java.util.concurrent.ConcurrentHashMap.newKeySet();
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

    /** Runs and waits; interrupting the calling thread cancels the run (its statements too, on the server). */
    public Results execute(Workflow workflow, Map<String, ?> params, RunOptions options) {
        return tracked(new Run(db, workflow, params, options, newRunId(), workers));
    }

    /** Starts a run in the background; the handle waits for or cancels it. */
    public RunHandle start(Workflow workflow, Map<String, ?> params, RunOptions options) {
        Run run = new Run(db, workflow, params, options, newRunId(), workers);
        CompletableFuture<Results> future = CompletableFuture.supplyAsync(() -> tracked(run), workers);
        return new RunHandle(run.runId(), future, run::cancel);
    }

    private Results tracked(Run run) {
        active.add(run);
        try {
            return run.call();
        } finally {
            active.remove(run);
        }
    }

    /** Cancels every run in progress (their statements on the server too); returns how many. */
    public int cancelAll(String reason) {
        List<Run> runs = List.copyOf(active);
        runs.forEach(r -> r.cancel(reason));
        return runs.size();
    }

    private static String newRunId() {
        return UUID.randomUUID().toString();
    }

    /** Cancels the runs in progress, gives them a moment to record how they ended, then stops the threads. */
    @Override
    public void close() {
        cancelAll("the DataFlow was closed");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.shutdownNow();
    }
}
