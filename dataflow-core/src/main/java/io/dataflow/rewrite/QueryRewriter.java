package io.dataflow.rewrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Parses a query, applies the rewrites of one {@link Optimization} to every query level (innermost
 * first) and prints the tree back. Pure: facts about tables come from a {@link Schema}, and what the
 * plan runs per row from an optional probe. "Already optimal" and "nothing to rewrite" are only said
 * from a captured plan without a SubPlan for the construct; otherwise the note says what the plan
 * does and why it was not rewritten.
 */
public final class QueryRewriter {

    private final Schema schema;
    private final Function<String, CapturedPlan> plans;

    /** @param plans SQL → its captured estimated plan (null: none could be read); may be null */
    public QueryRewriter(Schema schema, Function<String, CapturedPlan> plans) {
        this.schema = schema;
        this.plans = plans == null ? sql -> null : plans;
    }

    public Rewrite rewrite(String sql, Optimization optimization) {
        Select select = SqlTree.parseQuery(sql);
        CapturedPlan original = plans.apply(select.toString());
        List<Transformation> done = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean all = optimization == Optimization.AUTO;
        if (all || optimization == Optimization.DECORRELATE) {
            Decorrelator d = new Decorrelator(schema);
            for (PlainSelect ps : levels(select)) d.apply(ps, done, warnings);
            Quantified q = new Quantified(schema);
            for (PlainSelect ps : levels(select)) q.apply(ps, done, warnings);
            select = new LatestRows(schema, plans).apply(select, done, warnings);
        }
        if (all || optimization == Optimization.EXISTS_TO_SEMIJOIN) {
            boolean hasSublinks = !Trees.find(select, net.sf.jsqlparser.expression.operators.relational.ExistsExpression.class, true).isEmpty()
                    || !Trees.find(select, net.sf.jsqlparser.expression.operators.relational.InExpression.class, true).isEmpty();
            boolean after = !done.isEmpty();
            CapturedPlan plan = !hasSublinks ? null : after ? plans.apply(select.toString()) : original;
            SemiJoins s = new SemiJoins(schema);
            for (PlainSelect ps : levels(select)) s.apply(ps, plan, after, done, warnings);
        }
        if (all || optimization == Optimization.SARGABLE) {
            Sargable s = new Sargable(schema);
            OrToIn o = new OrToIn();
            for (PlainSelect ps : levels(select)) {
                o.apply(ps, done);
                s.apply(ps, done, warnings);
            }
        }
        String rewritten = done.isEmpty() ? sql : Format.pretty(select);
        if (done.isEmpty()) planNotes(optimization, original, warnings);
        return new Rewrite(sql, rewritten, done, warnings);
    }

    /**
     * Nothing rewritten: "nothing to rewrite" only when the plan runs no subquery per row; otherwise
     * each SubPlan the notes above do not already name is reported as not rewritten.
     */
    private static void planNotes(Optimization optimization, CapturedPlan plan, List<String> warnings) {
        String key = optimization.key();
        if (plan == null) {
            if (warnings.isEmpty()) warnings.add(key + ": found nothing it rewrites (no plan could be read to check for subqueries run per row)");
            return;
        }
        if (plan.subPlans().isEmpty()) {
            if (warnings.isEmpty()) warnings.add(key + ": nothing to rewrite in this query: its plan runs no subquery per row (no SubPlan)");
            return;
        }
        for (CapturedPlan.SubPlan p : plan.subPlans()) {
            if (warnings.stream().anyMatch(w -> w.contains(p.name() + " ("))) continue;
            warnings.add(key + ": the plan runs " + p.describe() + (optimization == Optimization.AUTO ? ""
                    : " and " + key + " has no rewrite for it; try optimization auto") + (warnings.isEmpty() ? ""
                    : "; the notes above say why the subqueries were left as they are"));
        }
    }
    /** Every query level, innermost first. */
    private static List<PlainSelect> levels(Select select) {
        List<PlainSelect> levels = new ArrayList<>(Trees.find(select, PlainSelect.class, true));
        Collections.reverse(levels);
        return levels;
    }
}
