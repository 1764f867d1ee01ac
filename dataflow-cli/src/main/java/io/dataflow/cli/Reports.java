package io.dataflow.cli;

import io.dataflow.model.schema.SchemaStep;
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
}
