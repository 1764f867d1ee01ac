package io.dataflow.workflow;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A run in progress: wait for it, or cancel it (running nodes are interrupted, the rest cancelled). */
public final class RunHandle {

    private final String runId;
    private final CompletableFuture<Results> results;
    private final Runnable cancel;

    RunHandle(String runId, CompletableFuture<Results> results, Runnable cancel) {
        this.runId = runId;
        this.results = results;
        this.cancel = cancel;
    }

    public String runId() {
        return runId;
    }

    public void cancel() {
        cancel.run();
    }

    public Results await() {
        try {
            return results.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new IllegalStateException("interrupted while waiting for run " + runId, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("run " + runId + " failed: " + e.getCause(), e.getCause());
        }
    }

    public CompletableFuture<Results> future() {
        return results;
    }
}
