package io.dataflow.workflow;

import java.util.Map;

/**
 * How one node's run ended.
 *
 * @param status ok, failed, skipped (an upstream node failed) or cancelled
 * @param output the node's output (empty unless ok)
 * @param ms     how long the node ran, in milliseconds
 * @param error  why it failed or was skipped, else null
 */
public record NodeResult(Status status, Map<String, Object> output, double ms, String error) {

    public enum Status {
        OK, FAILED, SKIPPED, CANCELLED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /**
     * Ran without error but did not finish its work: its output says {@code timed_out: true}
     * (an analysis stopped by its statement timeout). Counted apart from successes in summaries.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean timedOut() {
        return ok() && output != null && Boolean.TRUE.equals(output.get("timed_out"));
    }
}
