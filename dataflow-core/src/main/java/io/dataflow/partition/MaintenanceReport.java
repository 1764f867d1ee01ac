package io.dataflow.partition;

import java.util.List;

/** What one maintenance run did, in order, with the notes an operator should read. */
public record MaintenanceReport(String model, String table, boolean dryRun, List<MaintenanceAction> actions, List<String> notes) {

    public List<MaintenanceAction> actions(String action) {
        return actions.stream().filter(a -> a.action().equals(action)).toList();
    }

    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(dryRun ? "Dry run for " : "Maintenance of ").append(model).append(" (").append(table).append("):\n");
        for (MaintenanceAction a : actions) {
            sb.append("  ").append(dryRun && !a.action().equals("skipped") ? "would " : "").append(a.operation()).append(' ')
                    .append(a.action()).append(a.partition() == null ? "" : " " + a.partition()).append(": ").append(a.detail()).append('\n');
        }
        if (actions.isEmpty()) sb.append("  nothing to do\n");
        for (String n : notes) sb.append("  note: ").append(n).append('\n');
        return sb.toString();
    }
}
