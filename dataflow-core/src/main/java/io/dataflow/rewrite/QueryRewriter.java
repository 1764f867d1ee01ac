package io.dataflow.rewrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Parses a query, applies the rewrites of one {@link Optimization} to every query level (innermost
 * first) and prints the tree back. Pure: facts about tables come from a {@link Schema}, and whether
 * the original's plan runs subqueries per row from an optional probe.
 */
public final class QueryRewriter {

    private final Schema schema;
    private final Function<String, Boolean> planHasSubPlan;

    /** @param planHasSubPlan SQL → whether its plan has a SubPlan (null: unknown); may be null */
    public QueryRewriter(Schema schema, Function<String, Boolean> planHasSubPlan) {
        this.schema = schema;
        this.planHasSubPlan = planHasSubPlan == null ? sql -> null : planHasSubPlan;
    }

    public Rewrite rewrite(String sql, Optimization optimization) {
        Select select = SqlTree.parseQuery(sql);
        List<Transformation> done = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean all = optimization == Optimization.AUTO;
        if (all || optimization == Optimization.DECORRELATE) {
            Decorrelator d = new Decorrelator(schema);
            for (PlainSelect ps : levels(select)) d.apply(ps, done, warnings);
        }
        if (all || optimization == Optimization.EXISTS_TO_SEMIJOIN) {
            Boolean subPlan = null;
            boolean hasSublinks = select.toString().toUpperCase(java.util.Locale.ROOT).contains("EXISTS")
                    || !Trees.find(select, net.sf.jsqlparser.expression.operators.relational.InExpression.class, true).isEmpty();
            if (hasSublinks) subPlan = planHasSubPlan.apply(select.toString());
            SemiJoins s = new SemiJoins(schema);
            for (PlainSelect ps : levels(select)) s.apply(ps, subPlan, done, warnings);
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
        if (done.isEmpty() && warnings.isEmpty()) warnings.add(optimization.key() + ": nothing to rewrite in this query");
        return new Rewrite(sql, rewritten, done, warnings);
    }

    /** Every query level, innermost first. */
    private static List<PlainSelect> levels(Select select) {
        List<PlainSelect> levels = new ArrayList<>(Trees.find(select, PlainSelect.class, true));
        Collections.reverse(levels);
        return levels;
    }
}
