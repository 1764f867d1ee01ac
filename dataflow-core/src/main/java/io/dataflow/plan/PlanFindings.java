package io.dataflow.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds the patterns of {@link FindingThresholds} in a plan tree. Pure: no database needed. */
public final class PlanFindings {

    private final FindingThresholds t;

    public PlanFindings(FindingThresholds thresholds) {
        this.t = thresholds;
    }

    public List<Finding> find(PlanNode root, Double executionMs) {
        List<Finding> out = new ArrayList<>();
        slowest(root, executionMs, out);
        root.walk(n -> {
            misestimate(n, underLimit(root, n), out);
            seqScanFilter(n, out);
            sortSpill(n, out);
            nestedLoop(n, out);
            bufferReads(n, out);
            workers(n, out);
        });
        return out;
    }

    private void slowest(PlanNode root, Double executionMs, List<Finding> out) {
        if (!root.executed() || executionMs == null || executionMs <= 0) return;
        root.flatten().stream().filter(n -> n.selfMs() != null && n.selfMs() >= t.slowestMinShare() * executionMs && n.selfMs() >= t.slowestMinMs())
                .sorted(Comparator.comparingDouble(PlanNode::selfMs).reversed()).limit(t.slowestNodes())
                .forEach(n -> out.add(finding("slowest_node", n, String.format("%s takes %.1f ms of %.1f ms (%.0f%%) by itself",
                        n.label(), n.selfMs(), executionMs, 100 * n.selfMs() / executionMs),
                        "self_ms", round(n.selfMs()), "execution_ms", round(executionMs), "share_pct", round(100 * n.selfMs() / executionMs))));
    }

    /** Nodes below a Limit stop early, so fewer actual rows than estimated there is no misestimate. */
    private static boolean underLimit(PlanNode root, PlanNode target) {
        return path(root, target, new ArrayList<>()).stream().anyMatch(n -> n != target && n.nodeType().equals("Limit"));
    }

    private static List<PlanNode> path(PlanNode from, PlanNode target, List<PlanNode> trail) {
        trail.add(from);
        if (from == target) return trail;
        for (PlanNode c : from.children()) {
            List<PlanNode> found = path(c, target, new ArrayList<>(trail));
            if (!found.isEmpty() && found.get(found.size() - 1) == target) return found;
        }
        return List.of();
    }

    private void misestimate(PlanNode n, boolean underLimit, List<Finding> out) {
        if (!n.executed() || n.loops() == 0 || n.actualRows() == null) return;
        double estimated = Math.max(1, n.planRows());
        double actual = Math.max(1, n.actualRows());
        if (underLimit && actual < estimated) return;
        double factor = Math.max(estimated, actual) / Math.min(estimated, actual);
        if (factor < t.misestimateFactor()) return;
        out.add(finding("row_misestimate", n, String.format("%s: estimated %,.0f rows, got %,.0f (%s by %.0fx)", n.label(), n.planRows(),
                n.actualRows(), actual > estimated ? "under-estimated" : "over-estimated", factor),
                "estimated_rows", n.planRows(), "actual_rows", n.actualRows(), "loops", n.loops(), "factor", round(factor)));
    }

    private void seqScanFilter(PlanNode n, List<Finding> out) {
        if (!n.nodeType().endsWith("Seq Scan") || n.rowsRemovedByFilter() == null || !n.executed()) return;
        double removed = n.rowsRemovedByFilter() * (double) n.loops();
        double kept = n.actualRows() * n.loops();
        double share = removed / Math.max(1, removed + kept);
        if (removed < t.seqScanMinRemoved() || share < t.seqScanRemovedShare()) return;
        out.add(finding("seq_scan_filter", n, String.format("%s reads %,.0f rows and its filter discards %,.0f (%.0f%%): %s",
                        n.label(), removed + kept, removed, 100 * share, n.filter()),
                "rows_removed_by_filter", (long) removed, "rows_returned", (long) kept, "removed_pct", round(100 * share),
                "filter", String.valueOf(n.filter())));
    }

    private void sortSpill(PlanNode n, List<Finding> out) {
        boolean disk = "Disk".equalsIgnoreCase(n.sortSpaceType()) || (n.sortMethod() != null && n.sortMethod().startsWith("external"));
        if (!n.nodeType().contains("Sort") || !disk) return;
        out.add(finding("sort_spill", n, String.format("%s spilled to disk (%s, %,d kB): raise work_mem for this query or sort fewer rows",
                        n.label(), n.sortMethod(), n.sortSpaceKb() == null ? 0 : n.sortSpaceKb()),
                "sort_method", String.valueOf(n.sortMethod()), "sort_space_kb", n.sortSpaceKb() == null ? 0 : n.sortSpaceKb(),
                "sort_key", n.sortKey()));
    }

    private void nestedLoop(PlanNode n, List<Finding> out) {
        if (!n.nodeType().equals("Nested Loop") || !n.executed() || n.children().size() < 2) return;
        PlanNode outer = n.children().get(0);
        PlanNode inner = n.children().get(1);
        if (!outer.executed()) return;
        double outerRows = outer.totalRows();
        if (outerRows < t.nestedLoopOuterRows()) return;
        out.add(finding("nested_loop_outer_rows", n, String.format("%s runs its inner side (%s) %,d times for %,.0f outer rows",
                        n.label(), inner.label(), inner.loops() == null ? 0 : inner.loops(), outerRows),
                "outer_rows", (long) outerRows, "inner_loops", inner.loops() == null ? 0 : inner.loops(), "inner_node", inner.label()));
    }

    private void bufferReads(PlanNode n, List<Finding> out) {
        if (n.buffers() == null) return;
        Buffers own = n.buffers();
        for (PlanNode c : n.children()) {
            if (c.buffers() != null) own = own.minus(c.buffers());
        }
        long read = own.sharedRead() + own.tempRead();
        if (read < t.bufferReadBlocks()) return;
        long touched = own.sharedHit() + own.sharedRead();
        out.add(finding("high_buffer_reads", n, String.format("%s reads %,d blocks (%.1f MB) from outside shared buffers",
                        n.label(), read, read * 8 / 1024.0),
                "shared_read_blocks", own.sharedRead(), "temp_read_blocks", own.tempRead(), "shared_hit_blocks", own.sharedHit(),
                "hit_pct", touched == 0 ? 0 : round(100.0 * own.sharedHit() / touched)));
    }

    private void workers(PlanNode n, List<Finding> out) {
        if (n.workersPlanned() == null || n.workersLaunched() == null || n.workersLaunched() >= n.workersPlanned()) return;
        out.add(finding("workers_not_launched", n, String.format("%s planned %d parallel workers but launched %d:"
                        + " max_parallel_workers or max_worker_processes is exhausted", n.label(), n.workersPlanned(), n.workersLaunched()),
                "workers_planned", n.workersPlanned(), "workers_launched", n.workersLaunched()));
    }

    private static Finding finding(String kind, PlanNode n, String message, Object... evidence) {
        Map<String, Object> e = new LinkedHashMap<>();
        for (int i = 0; i < evidence.length; i += 2) e.put((String) evidence[i], evidence[i + 1]);
        return new Finding(kind, n.id(), n.label(), message, e);
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
