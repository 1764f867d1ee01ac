package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.plan.AdvisedIndex;
import io.dataflow.plan.AdvisorReport;
import io.dataflow.plan.IndexIssue;
import java.util.List;

/** The advisor on the top statements, and the unused, duplicate and invalid indexes with the DROP they would take. */
final class IndexesPage implements Page {

    @Override
    public String path() {
        return "/indexes";
    }

    @Override
    public String title() {
        return "Indexes";
    }

    @Override
    public void render(Context ctx, Html out) {
        out.h2("Advised indexes (the advisor on the top 20 statements of the last day)");
        AdvisorReport advice = Pages.section(out, "The index advisor", () -> ctx.database().advice());
        if (advice != null) {
            out.p(advice.queries() + " statements, " + advice.candidates() + " candidates, " + advice.plans() + " plans (" + advice.whatIf()
                    + "); workload cost " + Html.num(advice.workloadCostBefore()) + " → " + Html.num(advice.workloadCostAfter())
                    + " in " + Html.num(advice.adviseMs()) + " ms");
            if (!advice.notes().isEmpty()) {
                out.raw("<details><summary>").text(advice.notes().size() + " notes from the advisor (statements or candidates it skipped)").raw("</summary>");
                for (String n : advice.notes()) out.note(n);
                out.raw("</details>");
            }
            if (advice.indexes().isEmpty()) out.p("No index is advised: none would lower the workload's cost enough to pay for its writes.");
            else {
                out.table("index", "benefit", "write overhead", "size", "serves", "");
                for (AdvisedIndex a : advice.indexes()) {
                    Html action = new Html();
                    ctx.actionForm(action, "create-index", "create", "Create this index now?\n" + a.sql(), "index", io.dataflow.dashboard.AdvisedIndexes.id(a));
                    out.row(Html.code(a.sql()), Html.num(a.benefitPct()) + " %", Html.num(a.writeOverhead()), Html.bytes(a.sizeBytes()),
                            a.queries().size() + " statements", Html.cell(action));
                }
                out.endTable();
            }
        }
        out.h2("Unused, duplicate and invalid indexes");
        List<IndexIssue> issues = Pages.section(out, "The index catalog", () -> ctx.database().view().plans().indexIssues());
        if (issues != null) {
            if (issues.isEmpty()) out.p("None: every index is valid, distinct and used.");
            else {
                out.table("index", "table", "reason", "size", "scans", "fix");
                for (IndexIssue i : issues) out.row(i.index(), i.table(), i.reason() + (i.other() == null ? "" : " (" + i.other() + ")"),
                        Html.bytes(i.sizeBytes()), Html.num(i.scans()), Html.code(i.sql()));
                out.endTable();
            }
        }
    }
}
