package io.dataflow.partition;

import java.util.List;

/** {@code partitions status}: every partition with bounds, rows, size and state, and the next run's plan. */
public record PartitionStatus(String model, String table, String strategy, List<PartitionView> partitions, long defaultRows,
                              List<MaintenanceAction> nextRun, List<String> notes) {

    public String toText() {
        StringBuilder sb = new StringBuilder(model + " (" + table + ", " + strategy + "): " + partitions.size() + " partitions, "
                + defaultRows + " rows in DEFAULT\n");
        sb.append(String.format("  %-28s %-10s %-10s %10s %12s  %-10s %s%n", "partition", "from", "to", "rows", "bytes", "state", "next"));
        for (PartitionView p : partitions) {
            String from = p.from() != null ? p.from() : (p.values().isEmpty() ? "" : String.join(",", p.values()));
            sb.append(String.format("  %-28s %-10s %-10s %10d %12d  %-10s %s%n", p.name(), from, p.to() == null ? "" : p.to(), p.rows(),
                    p.bytes(), p.state(), p.next() == null ? "" : p.next()));
        }
        for (String n : notes) sb.append("  note: ").append(n).append('\n');
        return sb.toString();
    }
}
