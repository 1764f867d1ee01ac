package io.dataflow.workflow;

import java.time.Duration;

/**
 * How to run a workflow.
 *
 * @param timeout     the whole run's limit, or null for none; nodes still running then are cancelled
 * @param parallelism how many independent nodes may run at once
 * @param progress    where long nodes report progress
 */
public record RunOptions(Duration timeout, int parallelism, NodeContext.Progress progress) {

    public static RunOptions defaults() {
        return new RunOptions(null, Math.max(2, Runtime.getRuntime().availableProcessors() * 2), NodeContext.Progress.NONE);
    }

    public RunOptions withTimeout(Duration value) {
        return new RunOptions(value, parallelism, progress);
    }

    public RunOptions withParallelism(int value) {
        if (value < 1) throw new IllegalArgumentException("parallelism must be at least 1");
        return new RunOptions(timeout, value, progress);
    }

    public RunOptions withProgress(NodeContext.Progress value) {
        return new RunOptions(timeout, parallelism, value);
    }
}
