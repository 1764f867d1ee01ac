package io.dataflow.cli;

import io.dataflow.Json;
import io.dataflow.model.schema.SchemaStep;
import io.dataflow.workflow.NodeResult;
import io.dataflow.workflow.Results;
import io.dataflow.model.schema.SyncReport;

/** Text rendering of reports for the terminal. */
final class Reports {

    private Reports() {
    }

    static String sync(SyncReport report) {
        StringBuilder sb = new StringBuilder();
        for (SchemaStep s : report.applied()) sb.append("  + ").append(s.model()).append(": ").append(s.note()).append('\n');
        report.drift().forEach(d -> sb.append("  ! DRIFT ").append(d).append('\n'));
        report.notes().forEach(n -> sb.append("  - ").append(n).append('\n'));
        sb.append(report.summary()).append('\n');
        return sb.toString();
    }

    static String run(Results results) {
        StringBuilder sb = new StringBuilder("Run ").append(results.runId()).append('\n');
        results.nodes().forEach((id, r) -> {
            sb.append(String.format("  %-24s %-9s %8.1f ms", id, r.status().json(), r.ms()));
            if (r.status() == NodeResult.Status.OK) {
                String output = Json.write(r.output()).replaceAll("\\s+", " ");
                sb.append("  ").append(output.length() > 160 ? output.substring(0, 157) + "..." : output);
            } else if (r.error() != null) {
                sb.append("  ").append(r.error());
            }
            sb.append('\n');
        });
        java.util.List<String> timedOut = results.timedOut();
        long failed = results.nodes().values().stream().filter(r -> !r.ok()).count();
        if (failed == 0 && timedOut.isEmpty()) {
            sb.append("All nodes succeeded.\n");
        } else {
            int total = results.nodes().size();
            sb.append(failed > 0 ? "Some nodes did not succeed: " : "Not every node finished its work: ")
                    .append(total - failed - timedOut.size()).append(" of ").append(total).append(" succeeded");
            if (!timedOut.isEmpty()) sb.append(", ").append(timedOut.size()).append(" timed out without finishing (").append(String.join(", ", timedOut)).append(')');
            if (failed > 0) sb.append(", ").append(failed).append(" failed, skipped or cancelled");
            sb.append(".\n");
        }
        return sb.toString();
    }
}
