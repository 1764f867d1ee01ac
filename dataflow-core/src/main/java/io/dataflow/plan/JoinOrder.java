package io.dataflow.plan;

import io.dataflow.plan.QueryShape.Op;
import io.dataflow.plan.QueryShape.Operand;
import io.dataflow.sql.Identifiers;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code join_order}: row misestimates at or below a join can make the planner pick the wrong join
 * order or method. For each misestimated scan feeding a join: ANALYZE when the table's statistics
 * are missing or stale; extended statistics when the scan filters on several (possibly correlated)
 * columns; and when it filters on an expression over a column (which the planner estimates with a
 * fixed default selectivity), a rewrite to the same condition on the bare column (estimated from the
 * column's statistics) or, for an immutable expression, statistics on the expression itself. Each
 * fix is applied inside a savepoint that is rolled back (a rewrite is simply planned), and suggested
 * only if the scan's estimate comes at least 2x closer to the actual rows.
 */
final class JoinOrder {

    static final double MISESTIMATE = 10;
    static final double STALE_SHARE = 0.10;

    private record Target(String table, PlanNode scan, double factor) {
    }

    List<Suggestion> suggest(OptimizerSession s) throws SQLException {
        if (!s.plan().analyzed()) return List.of(); // actual rows are needed
        List<Suggestion> out = new ArrayList<>();
        for (Target t : targets(s.plan().plan())) {
            IndexCatalog.TableStats stats = s.indexes().stats(t.table());
            String table = Catalog.regclass(t.table());
            if (!stats.everAnalyzed() || (stats.modifiedSinceAnalyze() != null && stats.modifiedSinceAnalyze() > STALE_SHARE * Math.max(1, stats.rows()))) {
                evaluate(s, t, "analyze", "ANALYZE " + table, String.format("%s has %s statistics, so the planner guesses the rows of %s",
                        t.table(), stats.everAnalyzed() ? "stale" : "no", t.scan().label())).ifPresent(out::add);
                continue;
            }
            List<String> columns = s.shape() == null ? List.of() : s.shape().predicatesOn(t.table()).stream()
                    .filter(p -> p.operand() != Operand.COLUMN && p.op() != Op.PREFIX_LIKE).map(p -> p.column().column()).distinct().limit(8).toList();
            if (columns.size() >= 2) {
                String name = s.freeName(t.table(), Identifiers.compose("stat", t.table().replace('.', '_'), String.join("_", columns)));
                String sql = "CREATE STATISTICS " + Identifiers.quote(name) + " (dependencies, ndistinct, mcv) ON "
                        + String.join(", ", columns.stream().map(Identifiers::quote).toList()) + " FROM " + table + "; ANALYZE " + table;
                evaluate(s, t, "create_statistics", sql, String.format("The planner multiplies the selectivities of %s as if the columns"
                        + " were independent; they are not", String.join(", ", columns))).ifPresent(out::add);
            }
            if (s.shape() == null) continue;
            for (QueryShape.NonSargable ns : s.shape().nonSargable()) {
                if (!ns.column().table().equals(t.table())) continue;
                java.util.Optional<Suggestion> fix = java.util.Optional.empty();
                java.util.Optional<String> rewritten = ns.rewrite() == null ? java.util.Optional.empty()
                        : SqlRewriter.replacePredicate(s.plan().sql(), ns.predicate(), ns.rewrite());
                if (rewritten.isPresent()) {
                    fix = compare(s, t, "rewrite", rewritten.get(), s.rewritten(rewritten.get()).explain(s.connection(), "FORMAT JSON"),
                            String.format("%s is estimated with a fixed default selectivity (the planner has no statistics on the expression);"
                                    + " %s is the same condition on the bare column, estimated from its statistics", ns.predicate(), ns.rewrite()));
                }
                if (fix.isEmpty() && ns.wrap() != QueryShape.Wrap.LEADING_WILDCARD) {
                    String name = s.freeName(t.table(), Identifiers.compose("stat", t.table().replace('.', '_'), ns.column().column(), "expr"));
                    String sql = "CREATE STATISTICS " + Identifiers.quote(name) + " ON (" + ns.expression() + ") FROM " + table + "; ANALYZE " + table;
                    try {
                        fix = evaluate(s, t, "expression_statistics", sql, String.format("%s is estimated with a fixed default selectivity;"
                                + " statistics on %s give the planner its real distribution", ns.predicate(), ns.expression()));
                    } catch (SQLException e) {
                        if (RolledBack.isTimeout(e)) throw e; // else: not immutable, or before PostgreSQL 14 — no such statistics
                    }
                }
                fix.ifPresent(out::add);
            }
        }
        return out;
    }

    /** Misestimated scans at or below a join, worst first, one per table. */
    static List<Target> targets(PlanNode root) {
        Map<String, Target> byTable = new LinkedHashMap<>();
        collect(root, false, byTable);
        return byTable.values().stream().sorted((a, b) -> Double.compare(b.factor(), a.factor())).toList();
    }

    private static void collect(PlanNode n, boolean belowJoin, Map<String, Target> out) {
        boolean join = n.nodeType().endsWith("Join") || n.nodeType().equals("Nested Loop");
        if ((belowJoin || join) && n.relation() != null && n.executed() && n.loops() > 0) {
            double f = factor(n);
            String table = n.schema() == null || n.schema().equals("public") ? n.relation() : n.schema() + "." + n.relation();
            if (f >= MISESTIMATE && (!out.containsKey(table) || out.get(table).factor() < f)) out.put(table, new Target(table, n, f));
        }
        for (PlanNode c : n.children()) collect(c, belowJoin || join, out);
    }

    static double factor(PlanNode n) {
        double est = Math.max(1, n.planRows());
        double act = Math.max(1, n.actualRows());
        return Math.max(est, act) / Math.min(est, act);
    }

    private java.util.Optional<Suggestion> evaluate(OptimizerSession s, Target t, String action, String sql, String why) throws SQLException {
        Savepoint before = s.connection().setSavepoint();
        String json;
        try (Statement st = s.connection().createStatement()) {
            for (String part : sql.split("; ")) st.execute(part);
            json = s.statement().explain(s.connection(), "FORMAT JSON");
        } finally {
            s.connection().rollback(before);
            s.connection().releaseSavepoint(before);
        }
        return compare(s, t, action, sql, json, why);
    }

    /** The suggestion, if the scan's estimate in the plan {@code json} is at least 2x closer to its actual rows. */
    private java.util.Optional<Suggestion> compare(OptimizerSession s, Target t, String action, String sql, String json, String why) {
        PlanNode after = PlanParser.parse(json).root();
        PlanNode scan = after.flatten().stream().filter(n -> t.scan().relation().equals(n.relation())
                && java.util.Objects.equals(t.scan().alias(), n.alias())).findFirst().orElse(null);
        if (scan == null) return java.util.Optional.empty();
        double actual = t.scan().actualRows();
        double estimateAfter = scan.planRows();
        double factorAfter = Math.max(Math.max(1, estimateAfter), Math.max(1, actual)) / Math.min(Math.max(1, estimateAfter), Math.max(1, actual));
        if (factorAfter > t.factor() / 2) return java.util.Optional.empty();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("table", t.table());
        details.put("node_id", t.scan().id());
        details.put("node", t.scan().label());
        details.put("estimate_before", t.scan().planRows());
        details.put("estimate_after", estimateAfter);
        details.put("actual_rows", actual);
        String explanation = String.format("%s: estimated %,.0f rows, actually %,.0f; with this the estimate becomes %,.0f, so join order"
                + " and method are chosen on the right numbers.", why, t.scan().planRows(), actual, estimateAfter);
        return java.util.Optional.of(new Suggestion(SuggestionKind.JOIN_ORDER.key(), action, explanation, sql,
                s.plan().totalCost(), after.totalCost(), null, null, details));
    }
}
