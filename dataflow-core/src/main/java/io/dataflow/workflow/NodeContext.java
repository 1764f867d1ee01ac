package io.dataflow.workflow;

import io.dataflow.DataFlow;
import java.util.Map;

/**
 * What a running node may use.
 *
 * @param db        the DataFlow the workflow runs on
 * @param runId     the run's id
 * @param nodeId    this node's id
 * @param params    named parameters for {@code :name} placeholders in SQL (node {@code params} win)
 * @param progress  reports progress of long steps
 * @param cancelled whether the run was cancelled; long nodes check it between steps
 */
public record NodeContext(DataFlow db, String runId, String nodeId, Map<String, Object> params,
                          Progress progress, java.util.function.BooleanSupplier cancelled) {

    /** Progress of one node: {@code done} of {@code total} units (total -1 when unknown). */
    @FunctionalInterface
    public interface Progress {
        void report(String nodeId, long done, long total);

        Progress NONE = (id, done, total) -> { };
    }

    public void progress(long done, long total) {
        progress.report(nodeId, done, total);
    }

    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }
}
