package io.dataflow.dashboard.pages;

import io.dataflow.DataFlow;
import io.dataflow.dashboard.Charts;
import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.monitor.MonitorHistory;
import io.dataflow.plan.AdvisedIndex;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.AdvisorReport;
import io.dataflow.plan.Finding;
import io.dataflow.plan.PlanNode;
import io.dataflow.plan.QueryPlan;
import io.dataflow.plan.Suggestion;
import io.dataflow.plan.Workload;
import io.dataflow.plan.WorkloadQuery;
import io.dataflow.rewrite.Rewrite;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One statement: its history, its generic plan with the analyzer's findings, suggestions, rewrite and index advice. */
final class StatementPage implements Page {

    private static final java.util.regex.Pattern PARAMETER = java.util.regex.Pattern.compile("\\$\\d+");

    @Override
    public String path() {
        return "/statement";
    }

    @Override
    public String title() {
        return "Statement";
    }

    @Override
    public boolean nav() {
        return false;
    }

    @Override
    public void render(Context ctx, Html out) {
        long id;
        try {
            id = Long.parseLong(ctx.request().param("id", ""));
        } catch (NumberFormatException e) {
            out.h2("Statement").note("give ?id= a queryid from the Queries page");
            return;
        }
        String range = ctx.request().param("range", "6h");
        MonitorHistory history = ctx.database().history();
        String sql = history.statementText(id).orElse(null);
        out.h2("Statement " + id);
        if (sql == null) {
            out.note("The monitor has no text stored for queryid " + id + " (it is purged with the history after the retention).");
            return;
        }
        out.raw("<pre id=\"statement-sql\">").text(sql).raw("</pre>");
        Pages.ranges(ctx, out, path(), range, "id", Long.toString(id));
        var samples = history.statement(id, Pages.from(range), Instant.now());
        Charts.series(out, "mean time", "ms", samples, s -> s.at().toEpochMilli() / 1000.0, MonitorHistory.StatementSample::meanMs, false);
        Charts.series(out, "calls per collection", "", samples, s -> s.at().toEpochMilli() / 1000.0, s -> s.calls(), false);
        DataFlow db = ctx.database().view();
        out.h2("Plan (generic, as the planner sees the normalized statement)");
        QueryPlan plan = Pages.section(out, "The plan", () -> db.plans().genericPlan(sql));
        if (plan != null) {
            out.p("Estimated total cost " + Html.num(plan.totalCost()));
            Map<Integer, List<Finding>> byNode = plan.findings().stream().collect(Collectors.groupingBy(Finding::nodeId));
            out.raw("<div class=\"tree\">");
            tree(out, plan.plan(), 0, byNode);
            out.raw("</div>");
            if (!plan.findings().isEmpty()) {
                out.h2("Findings");
                out.table("kind", "node", "message");
                for (Finding f : plan.findings()) out.row(f.kind(), f.node(), f.message());
                out.endTable();
            }
            out.h2("Optimizer suggestions");
            // the optimizer checks each suggestion by planning the statement with its values; a normalized one has none
            List<Suggestion> suggestions = PARAMETER.matcher(sql).find()
                    ? null : Pages.section(out, "The optimizer's suggestions", () -> db.plans().suggest(plan));
            if (PARAMETER.matcher(sql).find()) {
                out.note("The optimizer's suggestions are checked with the statement's values, and pg_stat_statements keeps it without them"
                        + " ($1, $2...): run ./dataflow analyze with the values to get them. The index advice below works on the normalized text.");
            }
            if (suggestions != null) {
                if (suggestions.isEmpty()) out.p("The optimizer has no suggestion for this plan.");
                else {
                    out.table("suggestion", "explanation", "SQL", "cost before → after", "ms before → after");
                    for (Suggestion s : suggestions) {
                        out.row(s.action(), s.explanation(), Html.code(s.sql()), Html.num(s.costBefore()) + " → " + Html.num(s.costAfter()),
                                Html.num(s.msBefore()) + " → " + Html.num(s.msAfter()));
                    }
                    out.endTable();
                }
            }
        }
        out.h2("Rewrite");
        Rewrite rw = Pages.section(out, "The rewriter", () -> db.rewriter().rewrite(sql));
        if (rw != null) {
            if (rw.transformations().isEmpty()) out.p("Already optimal: the rewriter found nothing to transform.");
            else {
                out.raw("<pre>").text(rw.rewritten()).raw("</pre>");
                out.p("Transformations: " + rw.transformations());
                out.p("Verified equivalence and timing: run ./dataflow rewrite --verify on a parameterized copy (a normalized statement has no values to run).");
            }
            for (String w : rw.warnings()) out.note(w);
        }
        out.h2("Index advice for this statement");
        AdvisorReport advice = Pages.section(out, "The index advisor", () -> db.advisor().advise(
                new Workload(List.of(new WorkloadQuery(sql, 1, "statement " + id))), AdvisorOptions.defaults()));
        if (advice != null) {
            if (advice.indexes().isEmpty()) out.p("No index would lower this statement's cost enough to be worth its writes.");
            else {
                out.p("Workload cost " + Html.num(advice.workloadCostBefore()) + " → " + Html.num(advice.workloadCostAfter()) + " (" + advice.whatIf() + ")");
                out.table("index", "benefit", "size");
                for (AdvisedIndex a : advice.indexes()) out.row(Html.code(a.sql()), Html.num(a.benefitPct()) + " %", Html.bytes(a.sizeBytes()));
                out.endTable();
            }
            for (String n : advice.notes()) out.note(n);
        }
    }

    private static void tree(Html out, PlanNode node, int depth, Map<Integer, List<Finding>> findings) {
        if (node == null) return;
        List<Finding> here = findings.getOrDefault(node.id(), List.of());
        out.raw("<div class=\"node").raw(here.isEmpty() ? "" : " flag").raw("\" style=\"padding-left:").raw(Integer.toString(depth * 18)).raw("px\">");
        out.text("→ " + node.nodeType() + (node.relation() == null ? "" : " on " + node.relation()) + (node.index() == null ? "" : " using " + node.index())
                + "  (cost " + Html.num(node.totalCost()) + ", rows " + Html.num(node.planRows()) + ")"
                + (node.filter() == null ? "" : "  filter: " + node.filter()));
        for (Finding f : here) out.raw("<br>").el("span", "critical", "⚠ " + f.message());
        out.raw("</div>");
        for (PlanNode child : node.children()) tree(out, child, depth + 1, findings);
    }
}
