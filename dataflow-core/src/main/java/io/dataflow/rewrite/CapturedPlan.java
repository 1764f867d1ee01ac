package io.dataflow.rewrite;

import io.dataflow.plan.PlanNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * What a query's estimated plan says about its subqueries: which of them PostgreSQL runs as a
 * {@code SubPlan} once per outer row (a hashed SubPlan runs once and is not counted), and the
 * plan's total cost. "Already optimal" and "nothing to rewrite" are said from this, never from the
 * query's shape alone.
 *
 * <p>An InitPlan is run once, so it is not counted by itself; one under a SubPlan (correlated through
 * it) is part of that SubPlan's subtree.
 *
 * @param totalCost the plan's estimated total cost
 * @param perRow    the SubPlans run per row (InitPlans inside them included in their subtree)
 * @param scanned   every range name the plan scans (to tell a construct the plan shows under other
 *                  names, such as a view's tables, from one it does not run per row)
 */
public record CapturedPlan(double totalCost, List<PerRow> perRow, Set<String> scanned) {

    /**
     * One SubPlan run per row.
     *
     * @param name    {@code SubPlan 1}
     * @param aliases the range names of the relations it scans, as the query spells them (EXPLAIN's
     *                {@code o_1} for a repeated {@code o} read back as {@code o})
     * @param where   where the plan runs it, e.g. {@code the Join Filter of Hash Semi Join}
     * @param cost    its estimated cost per execution
     */
    public record PerRow(String name, Set<String> aliases, String where, double cost) {
        public PerRow {
            aliases = Set.copyOf(aliases);
        }

        /** e.g. {@code SubPlan 1 (in the Filter of Seq Scan on users u, cost 538 per run)}. */
        public String describe() {
            return String.format(Locale.ROOT, "%s (in %s, estimated cost %.0f per run)", name, where, cost);
        }
    }

    public CapturedPlan {
        perRow = List.copyOf(perRow);
        scanned = Set.copyOf(scanned);
    }

    /** A plan whose per-row SubPlans' relations are all it scans. */
    public CapturedPlan(double totalCost, List<PerRow> perRow) {
        this(totalCost, perRow, perRow.stream().flatMap(p -> p.aliases().stream()).collect(java.util.stream.Collectors.toSet()));
    }

    /** Reads the SubPlans run per row out of a plan tree. */
    public static CapturedPlan of(PlanNode root) {
        List<PerRow> out = new ArrayList<>();
        collect(root, out);
        Set<String> scanned = new LinkedHashSet<>();
        root.walk(n -> scanned.addAll(scannedBy(n)));
        return new CapturedPlan(root.totalCost(), out, scanned);
    }

    private static Set<String> scannedBy(PlanNode n) {
        Set<String> out = new LinkedHashSet<>();
        if (n.alias() != null) out.add(n.alias().replaceFirst("_\\d+$", "").toLowerCase(Locale.ROOT));
        if (n.relation() != null) out.add(n.relation().toLowerCase(Locale.ROOT));
        return out;
    }

    private static void collect(PlanNode node, List<PerRow> out) {
        for (PlanNode child : node.children()) {
            if ("SubPlan".equals(child.parentRelationship()) && child.subplanName() != null && !hashed(node, child.subplanName())) {
                Set<String> aliases = new LinkedHashSet<>();
                child.walk(n -> aliases.addAll(scannedBy(n)));
                out.add(new PerRow(child.subplanName(), aliases, where(node, child.subplanName()), child.totalCost()));
            }
            collect(child, out);
        }
    }

    /** A hashed SubPlan is run once into a hash table: "hashed SubPlan 2" and no plain "SubPlan 2" alternative. */
    private static boolean hashed(PlanNode parent, String name) {
        String text = String.join(" ", expressions(parent));
        return text.contains("hashed " + name) && !text.replace("hashed " + name, "").matches("(?s).*\\b" + name + "\\b.*");
    }

    private static List<String> expressions(PlanNode n) {
        List<String> out = new ArrayList<>();
        for (String s : new String[] {n.filter(), n.joinFilter(), n.indexCond(), n.recheckCond(), n.hashCond(), n.mergeCond()}) {
            if (s != null) out.add(s);
        }
        out.addAll(n.output());
        return out;
    }

    private static String where(PlanNode parent, String name) {
        String what = parent.filter() != null && parent.filter().contains(name) ? "the Filter of "
                : parent.joinFilter() != null && parent.joinFilter().contains(name) ? "the Join Filter of "
                : parent.indexCond() != null && parent.indexCond().contains(name) ? "the Index Cond of "
                : "the output of ";
        return what + parent.label();
    }

    /**
     * The SubPlans that run (part of) this construct of the query: those scanning a relation the
     * construct's subqueries name. A SubPlan scanning no named relation, or a construct reading
     * something the plan shows under other names (a view, a removed join), gets every SubPlan: the
     * plan is then not proof that the construct runs none.
     */
    public List<PerRow> runningPerRow(Object construct) {
        Set<String> names = names(construct);
        if (!scanned.containsAll(names)) return perRow;
        List<PerRow> out = new ArrayList<>();
        for (PerRow p : perRow) {
            if (p.aliases().isEmpty() || p.aliases().stream().anyMatch(names::contains)) out.add(p);
        }
        return out;
    }

    /** The range names (aliases, or table names without one) of every FROM item inside a construct. */
    static Set<String> names(Object construct) {
        Set<String> names = new LinkedHashSet<>();
        for (PlainSelect ps : Trees.find(construct, PlainSelect.class, true)) {
            List<FromItem> items = new ArrayList<>();
            if (ps.getFromItem() != null) items.add(ps.getFromItem());
            if (ps.getJoins() != null) for (Join j : ps.getJoins()) items.add(j.getRightItem());
            for (FromItem f : items) {
                if (f.getAlias() != null) names.add(Names.unquote(f.getAlias().getName()));
                else if (f instanceof Table t) names.add(Names.unquote(t.getName()));
            }
        }
        return names;
    }

    /** How the plan runs a construct's SubPlans, in words: {@code SubPlan 1 (...), SubPlan 2 (...)}. */
    static String describe(List<PerRow> subPlans) {
        return String.join(", ", subPlans.stream().map(PerRow::describe).toList());
    }
}
