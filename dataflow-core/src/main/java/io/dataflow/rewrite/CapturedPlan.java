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
 * What a query's estimated plan says about its subqueries: the {@code SubPlan}s PostgreSQL runs per
 * outer row (or, hashed, once into a hash table probed per row), and the plan's total cost.
 * "Already optimal" and "nothing to rewrite" are said from this, never from the query's shape alone:
 * only of a construct no SubPlan belongs to.
 *
 * <p>An InitPlan is run once, so it is not counted by itself; one under a SubPlan (correlated through
 * it) is part of that SubPlan's subtree.
 *
 * @param totalCost the plan's estimated total cost
 * @param subPlans  the SubPlans, hashed ones included (InitPlans inside them are part of their subtree)
 * @param scanned   every range name the plan scans (to tell a construct the plan shows under other
 *                  names, such as a view's tables, from one it does not run as a SubPlan)
 */
public record CapturedPlan(double totalCost, List<SubPlan> subPlans, Set<String> scanned) {

    /**
     * One SubPlan.
     *
     * @param name    {@code SubPlan 1}
     * @param aliases the range names of the relations it scans, as the query spells them (EXPLAIN's
     *                {@code o_1} for a repeated {@code o} read back as {@code o})
     * @param where   where the plan uses it, e.g. {@code the Join Filter of Hash Semi Join}
     * @param cost    its estimated cost per execution
     * @param hashed  run once into a hash table that each row probes (an uncorrelated IN, or an EXISTS
     *                PostgreSQL turned into one), rather than once per row
     */
    public record SubPlan(String name, Set<String> aliases, String where, double cost, boolean hashed) {
        public SubPlan {
            aliases = Set.copyOf(aliases);
        }

        /** A SubPlan run once per row. */
        public SubPlan(String name, Set<String> aliases, String where, double cost) {
            this(name, aliases, where, cost, false);
        }

        /** e.g. {@code SubPlan 1 (run once per row, in the Filter of Seq Scan on users u, estimated cost 538 per run)}. */
        public String describe() {
            return hashed ? String.format(Locale.ROOT, "hashed %s (run once into a hash table probed per row, in %s, estimated cost %.0f)", name, where, cost)
                    : String.format(Locale.ROOT, "%s (run once per row, in %s, estimated cost %.0f per run)", name, where, cost);
        }
    }

    public CapturedPlan {
        subPlans = List.copyOf(subPlans);
        scanned = Set.copyOf(scanned);
    }

    /** A plan whose per-row SubPlans' relations are all it scans. */
    public CapturedPlan(double totalCost, List<SubPlan> subPlans) {
        this(totalCost, subPlans, subPlans.stream().flatMap(p -> p.aliases().stream()).collect(java.util.stream.Collectors.toSet()));
    }

    /** Reads the SubPlans run per row out of a plan tree. */
    public static CapturedPlan of(PlanNode root) {
        List<SubPlan> out = new ArrayList<>();
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

    private static void collect(PlanNode node, List<SubPlan> out) {
        for (PlanNode child : node.children()) {
            if ("SubPlan".equals(child.parentRelationship()) && child.subplanName() != null) {
                Set<String> aliases = new LinkedHashSet<>();
                child.walk(n -> aliases.addAll(scannedBy(n)));
                out.add(new SubPlan(child.subplanName(), aliases, where(node, child.subplanName()), child.totalCost(), hashed(node, child.subplanName())));
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
    public List<SubPlan> subPlansFor(Object construct) {
        Set<String> names = names(construct);
        if (!locates(construct)) return subPlans;
        List<SubPlan> out = new ArrayList<>();
        for (SubPlan p : subPlans) {
            if (p.aliases().isEmpty() || p.aliases().stream().anyMatch(names::contains)) out.add(p);
        }
        return out;
    }

    /** Whether the plan scans every relation the construct names (under the same names), so SubPlans can be told apart. */
    public boolean locates(Object construct) {
        return scanned.containsAll(names(construct));
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
    static String describe(List<SubPlan> subPlans) {
        return String.join(", ", subPlans.stream().map(SubPlan::describe).toList());
    }
}
