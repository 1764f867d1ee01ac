package io.dataflow.plan;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A readable plan tree, each node with its estimates and actuals, and the findings marked on their nodes. */
public final class PlanText {

    private PlanText() {
    }

    public static String render(QueryPlan plan) {
        Map<Integer, List<Finding>> byNode = plan.findings().stream().collect(Collectors.groupingBy(Finding::nodeId));
        StringBuilder sb = new StringBuilder();
        if (plan.modifiesData()) sb.append("(").append(plan.command()).append(" ran in a transaction that was rolled back: nothing changed)\n");
        byNode.getOrDefault(0, List.of()).forEach(f -> sb.append("!! ").append(f.message()).append('\n'));
        node(plan.plan(), "", true, true, byNode, sb);
        sb.append(String.format("Total cost %.2f", plan.totalCost()));
        if (plan.planningMs() != null) sb.append(String.format(" · planning %.3f ms", plan.planningMs()));
        if (plan.executionMs() != null) sb.append(String.format(" · execution %.3f ms", plan.executionMs()));
        sb.append('\n');
        long marked = plan.findings().stream().filter(f -> f.nodeId() > 0).count();
        sb.append(marked == 0 ? "No findings.\n" : marked + " finding" + (marked == 1 ? "" : "s") + " (marked !!).\n");
        return sb.toString();
    }

    /** The suggestions, numbered, each with its cost (and time) before and after. */
    public static String suggestions(List<Suggestion> suggestions) {
        if (suggestions.isEmpty()) return "No suggestions.\n";
        StringBuilder sb = new StringBuilder("\nSuggestions:\n");
        int i = 0;
        for (Suggestion s : suggestions) {
            sb.append(String.format("%d. [%s] %s%n", ++i, s.kind(), s.explanation()));
            sb.append("   ").append(s.sql().replace("\n", "\n   ")).append('\n');
            sb.append(String.format("   cost %.2f -> %s", s.costBefore(), s.costAfter() == null ? "not measured" : String.format("%.2f", s.costAfter())));
            if (s.msBefore() != null && s.msAfter() != null) sb.append(String.format(" · %.3f ms -> %.3f ms", s.msBefore(), s.msAfter()));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void node(PlanNode n, String indent, boolean last, boolean root, Map<Integer, List<Finding>> findings, StringBuilder sb) {
        String branch = root ? "" : last ? "└─ " : "├─ ";
        List<Finding> here = findings.getOrDefault(n.id(), List.of());
        sb.append(indent).append(branch).append(here.isEmpty() ? "" : "!! ").append('#').append(n.id()).append(' ').append(n.label());
        sb.append(String.format("  (cost %.2f..%.2f rows %,.0f", n.startupCost(), n.totalCost(), n.planRows()));
        if (n.executed()) {
            if (n.loops() == 0) {
                sb.append(") (never executed)");
            } else {
                sb.append(String.format(") (actual %.3f ms rows %,.0f loops %d self %.3f ms)", n.actualTotalMs(), n.actualRows(), n.loops(),
                        n.selfMs() == null ? 0 : n.selfMs()));
            }
        } else {
            sb.append(')');
        }
        sb.append('\n');
        String childIndent = indent + (root ? "" : last ? "   " : "│  ");
        String detailIndent = childIndent + (n.children().isEmpty() ? "   " : "│  ");
        detail(sb, detailIndent, "Index Cond", n.indexCond());
        detail(sb, detailIndent, "Hash Cond", n.hashCond());
        detail(sb, detailIndent, "Merge Cond", n.mergeCond());
        detail(sb, detailIndent, "Join Filter", n.joinFilter());
        detail(sb, detailIndent, "Filter", n.filter() == null ? null
                : n.filter() + (n.rowsRemovedByFilter() == null ? "" : String.format("  (removed %,d rows)", n.rowsRemovedByFilter())));
        if (!n.sortKey().isEmpty()) detail(sb, detailIndent, "Sort Key", String.join(", ", n.sortKey()));
        if (n.sortMethod() != null) detail(sb, detailIndent, "Sort", n.sortMethod() + " " + n.sortSpaceKb() + " kB " + n.sortSpaceType());
        if (n.buffers() != null) {
            Buffers b = n.buffers();
            detail(sb, detailIndent, "Buffers", "hit " + b.sharedHit() + " read " + b.sharedRead() + " dirtied " + b.sharedDirtied()
                    + " written " + b.sharedWritten() + (b.tempRead() + b.tempWritten() > 0 ? " temp read " + b.tempRead() + " written " + b.tempWritten() : ""));
        }
        if (n.workersPlanned() != null) detail(sb, detailIndent, "Workers", "planned " + n.workersPlanned() + " launched " + n.workersLaunched());
        for (Finding f : here) sb.append(detailIndent).append("!! ").append(f.kind()).append(": ").append(f.message()).append('\n');
        for (int i = 0; i < n.children().size(); i++) {
            node(n.children().get(i), childIndent, i == n.children().size() - 1, false, findings, sb);
        }
    }

    private static void detail(StringBuilder sb, String indent, String name, String value) {
        if (value != null) sb.append(indent).append(name).append(": ").append(value).append('\n');
    }
}
