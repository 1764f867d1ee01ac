package io.dataflow.rewrite;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * "The latest row per outer row": {@code (SELECT x FROM t WHERE t.k = o.k ORDER BY t.ts DESC, t.id
 * DESC LIMIT 1)} in a select list runs as a SubPlan per outer row. It becomes either a LEFT JOIN
 * LATERAL (the same probe, planned as a join) or a LEFT JOIN on a {@code DISTINCT ON (k)} derived
 * table (one pass over t), whichever the plan estimates cheaper; the verifier then offers it only
 * when it is measured faster ({@link Rewriter#optimize}).
 *
 * <p>Exact only when the ORDER BY picks one row: its columns with the correlation columns must cover
 * a unique key of t whose columns are NOT NULL; otherwise ties make the original's row arbitrary and
 * the rewrite is declined.
 */
final class LatestRows {

    static final String KIND = "latest_row";

    enum Form { DISTINCT_ON, LATERAL }

    private final Schema schema;
    private final Function<String, CapturedPlan> plans;

    LatestRows(Schema schema, Function<String, CapturedPlan> plans) {
        this.schema = schema;
        this.plans = plans;
    }

    /** The query with every latest-row subquery rewritten in the cheaper form, or {@code select} itself when none is. */
    Select apply(Select select, List<Transformation> done, List<String> warnings) {
        List<Transformation> doneA = new ArrayList<>();
        List<String> warningsA = new ArrayList<>();
        Select a = SqlTree.parseQuery(select.toString());
        rewriteAll(a, Form.DISTINCT_ON, doneA, warningsA);
        if (doneA.isEmpty()) {
            warnings.addAll(warningsA);
            return select;
        }
        List<Transformation> doneB = new ArrayList<>();
        Select b = SqlTree.parseQuery(select.toString());
        rewriteAll(b, Form.LATERAL, doneB, new ArrayList<>());
        CapturedPlan planA = plans.apply(a.toString());
        CapturedPlan planB = doneB.isEmpty() ? null : plans.apply(b.toString());
        boolean lateral = planA != null && planB != null && planB.totalCost() < planA.totalCost();
        String costs = planA == null || planB == null ? "no plan could be read to compare it with LEFT JOIN LATERAL"
                : String.format(Locale.ROOT, "estimated cost %.0f for DISTINCT ON against %.0f for LEFT JOIN LATERAL", planA.totalCost(), planB.totalCost());
        for (Transformation t : lateral ? doneB : doneA) done.add(new Transformation(t.kind(), t.description() + " (" + costs + ")"));
        warnings.addAll(warningsA);
        return lateral ? b : a;
    }

    private void rewriteAll(Select select, Form form, List<Transformation> done, List<String> warnings) {
        List<PlainSelect> levels = new ArrayList<>(Trees.find(select, PlainSelect.class, true));
        java.util.Collections.reverse(levels);
        for (PlainSelect outer : levels) {
            if (outer.getSelectItems() == null) continue;
            for (SelectItem<?> item : new ArrayList<>(outer.getSelectItems())) {
                if (!(item.getExpression() instanceof ParenthesedSelect sub) || !isLatestRow(sub)) continue;
                try {
                    rewrite(outer, item, sub, form, done);
                } catch (Trees.Unsupported e) {
                    warnings.add("decorrelate: left as is: " + Decorrelator.shortText(sub) + ": " + e.getMessage());
                }
            }
        }
    }

    /** {@code (SELECT one value FROM ... ORDER BY ... LIMIT 1)}. */
    private static boolean isLatestRow(ParenthesedSelect sub) {
        PlainSelect ps = sub.getPlainSelect();
        return ps != null && ps.getOrderByElements() != null && !ps.getOrderByElements().isEmpty() && ps.getLimit() != null
                && ps.getLimit().getRowCount() instanceof LongValue n && n.getValue() == 1 && ps.getLimit().getOffset() == null
                && ps.getOffset() == null && ps.getSelectItems() != null && ps.getSelectItems().size() == 1;
    }

    private void rewrite(PlainSelect outer, SelectItem<?> item, ParenthesedSelect sub, Form form, List<Transformation> done) {
        Scope scope = Scope.of(outer, schema);
        if (!Correlation.mentionsOuter(sub, scope, schema)) return; // uncorrelated: an InitPlan, run once
        PlainSelect original = sub.getPlainSelect();
        ParenthesedSelect unordered = copy(sub);
        unordered.getPlainSelect().setOrderByElements(null);
        unordered.getPlainSelect().setLimit(null);
        Correlation k = Correlation.of(unordered, scope, schema);
        Expression y = original.getSelectItems().get(0).getExpression();
        if (y instanceof AllColumns) throw new Trees.Unsupported("the subquery does not select a single value");
        if (Correlation.sides(original.getSelectItems().get(0), k.scope(), scope).contains(Scope.Side.OUTER)
                || original.getOrderByElements().stream().anyMatch(o -> Correlation.sides(o.getExpression(), k.scope(), scope).contains(Scope.Side.OUTER))) {
            throw new Trees.Unsupported("the selected value or the ORDER BY uses a column of the outer query");
        }
        requireOneRow(original, k);
        if (outer.getGroupBy() != null || outer.getHaving() != null) throw new Trees.Unsupported("the subquery is in the select list of a grouped query");
        if (outer.getFromItem() == null) throw new Trees.Unsupported("the outer query has no FROM");
        if (outer.getJoins() != null && outer.getJoins().stream().anyMatch(j -> j.isSimple() || j.isNatural() || j.isCross())) {
            throw new Trees.Unsupported("the outer query lists tables with commas, CROSS or NATURAL joins; write them as JOIN ... ON");
        }
        boolean star = outer.getSelectItems().stream().anyMatch(i -> i.getExpression() instanceof AllColumns a
                && !(a instanceof net.sf.jsqlparser.statement.select.AllTableColumns));
        if (star && outer.getJoins() != null && outer.getJoins().stream().anyMatch(j -> j.getUsingColumns() != null && !j.getUsingColumns().isEmpty())) {
            throw new Trees.Unsupported("SELECT * over a JOIN ... USING cannot be spelled out per table without changing its columns");
        }

        String innerName = Names.unquote(k.scope().items.get(0).name());
        String alias = Correlation.freshAlias(innerName + "_latest", outer);
        String outputName = item.getAlias() != null ? Names.unquote(item.getAlias().getName())
                : y instanceof Column c ? Names.unquote(c.getColumnName()) : null;
        String value = outputName == null ? "value" : outputName;
        List<String> keyNames = k.keyNames(Set.of(value));
        Set<String> added = new HashSet<>(keyNames);
        added.add(value);
        Correlation.qualifyClashes(outer, scope, added);
        Decorrelator.expandStar(outer, scope);

        String joinSql;
        if (form == Form.LATERAL) {
            PlainSelect lateral = copy(sub).getPlainSelect();
            lateral.getSelectItems().get(0).setAlias(new Alias(Names.sql(value)));
            joinSql = "LEFT JOIN LATERAL (" + lateral + ") " + Names.sql(alias) + " ON true";
        } else {
            List<String> keys = new ArrayList<>();
            List<String> keyItems = new ArrayList<>();
            List<String> on = new ArrayList<>();
            for (int i = 0; i < k.keys().size(); i++) {
                String key = k.keys().get(i).inner().toString();
                keys.add(key);
                boolean same = k.keys().get(i).inner() instanceof Column col && Names.unquote(col.getColumnName()).equals(keyNames.get(i));
                keyItems.add(same ? key : key + " AS " + Names.sql(keyNames.get(i)));
                on.add(Names.sql(alias) + "." + Names.sql(keyNames.get(i)) + " = " + Exprs.paren(Exprs.copy(k.keys().get(i).outer())));
            }
            List<String> order = new ArrayList<>(keys);
            for (OrderByElement o : original.getOrderByElements()) order.add(o.toString());
            Expression where = Exprs.and(k.filters());
            joinSql = "LEFT JOIN (SELECT DISTINCT ON (" + String.join(", ", keys) + ") " + String.join(", ", keyItems) + ", " + y + " AS "
                    + Names.sql(value) + " FROM " + k.inner().getFromItem() + (where == null ? "" : " WHERE " + where) + " ORDER BY "
                    + String.join(", ", order) + ") " + Names.sql(alias) + " ON " + String.join(" AND ", on);
        }
        Join join = ((PlainSelect) SqlTree.parseQuery("SELECT 1 FROM dataflow_placeholder " + joinSql)).getJoins().get(0);
        outer.addJoins(join);
        @SuppressWarnings("unchecked")
        SelectItem<Expression> target = (SelectItem<Expression>) item;
        target.setExpression(new Column(new net.sf.jsqlparser.schema.Table(Names.sql(alias)), Names.sql(value)));
        if (target.getAlias() == null && outputName != null) target.setAlias(new Alias(Names.sql(outputName)));
        done.add(new Transformation(KIND, "(SELECT " + y + " ... ORDER BY ... LIMIT 1) in the select list (a SubPlan per row) → "
                + (form == Form.LATERAL ? "LEFT JOIN LATERAL on the same subquery" : "LEFT JOIN on a DISTINCT ON (" + String.join(", ", keyNames)
                + ") derived table, one pass over " + innerName)));
    }

    /** The ORDER BY (with the correlation columns) must cover a unique key whose columns are NOT NULL, or the row picked is arbitrary. */
    private static void requireOneRow(PlainSelect ps, Correlation k) {
        Optional<Schema.Table> table = k.scope().items.get(0).table();
        if (table.isEmpty()) throw new Trees.Unsupported("the definition of " + k.scope().items.get(0).name() + " is not known, so ties in the ORDER BY cannot be ruled out");
        Set<String> covered = new HashSet<>();
        for (OrderByElement o : ps.getOrderByElements()) if (o.getExpression() instanceof Column c) covered.add(Names.unquote(c.getColumnName()));
        for (Correlation.Key key : k.keys()) if (key.inner() instanceof Column c) covered.add(Names.unquote(c.getColumnName()));
        Schema.Table t = table.get();
        boolean unique = t.uniqueKeys().stream().anyMatch(key -> covered.containsAll(key)
                && key.stream().allMatch(c -> t.columns().get(c) != null && t.columns().get(c).notNull()));
        if (!unique) {
            String pk = t.uniqueKeys().isEmpty() ? "a unique NOT NULL column" : String.join(", ", t.uniqueKeys().get(0));
            throw new Trees.Unsupported("the ORDER BY can tie (its columns and the correlation cover no unique NOT NULL key of " + t.name()
                    + "), so which row the original returns is arbitrary; add " + pk + " to the ORDER BY to make it exact");
        }
    }

    private static ParenthesedSelect copy(ParenthesedSelect sub) {
        Expression where = ((PlainSelect) SqlTree.parseQuery("SELECT 1 WHERE EXISTS " + sub)).getWhere();
        return (ParenthesedSelect) ((net.sf.jsqlparser.expression.operators.relational.ExistsExpression) where).getRightExpression();
    }
}
