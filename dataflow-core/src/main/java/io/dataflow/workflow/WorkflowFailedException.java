package io.dataflow.workflow;

import io.dataflow.DataFlowException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A workflow run in which a node did not succeed ({@link Results#orThrow()}); the whole results are kept. */
public class WorkflowFailedException extends DataFlowException {

    private final transient Results results;

    public WorkflowFailedException(Results results) {
        super(message(results));
        this.results = results;
    }

    /** Every node's result, the successful ones included. */
    public Results results() {
        return results;
    }

    /** The nodes that did not succeed, in run order, with their results. */
    public Map<String, NodeResult> notOk() {
        Map<String, NodeResult> out = new LinkedHashMap<>();
        results.nodes().forEach((id, r) -> {
            if (!r.ok()) out.put(id, r);
        });
        return out;
    }

    private static String message(Results results) {
        StringBuilder sb = new StringBuilder("workflow run ").append(results.runId()).append(" did not succeed:");
        results.nodes().forEach((id, r) -> {
            if (!r.ok()) sb.append(" node '").append(id).append("' ").append(r.status().json()).append(": ").append(r.error()).append(';');
        });
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }
}
