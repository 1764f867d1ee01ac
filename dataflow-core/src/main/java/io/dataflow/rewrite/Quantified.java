package io.dataflow.rewrite;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.AnyType;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Correlated {@code x > ALL (SELECT y ...)} / {@code x < ANY (SELECT y ...)}: PostgreSQL runs them as
 * a SubPlan per outer row. They become a LEFT JOIN with a derived table grouped by the correlation
 * columns holding MAX(y) or MIN(y), with the quantifiers' rules made exact:
 * <ul>
 * <li>{@code x > ALL (S)} is true over an empty S, and never true when S holds a NULL (the comparison
 * is then unknown or false): {@code (n IS NULL OR n = n_y AND x > max_y)} with {@code n = COUNT(*)}
 * and {@code n_y = COUNT(y)};</li>
 * <li>{@code x < ANY (S)} is true when some y is greater: {@code x < max_y}, NULL (not true) over an
 * empty S or a NULL x.</li>
 * </ul>
 * Only where NULL and false act alike (a WHERE conjunct, under AND / OR only): elsewhere the
 * quantified comparison's NULL would have to be reproduced, and it is declined.
 */
final class Quantified {

    private final Schema schema;

    Quantified(Schema schema) {
        this.schema = schema;
    }

    void apply(PlainSelect outer, List<Transformation> done, List<String> warnings) {
        Scope scope = Scope.of(outer, schema);
        Map<ComparisonOperator, Boolean> found = new IdentityHashMap<>(); // comparison → in a position where NULL acts as false
        if (outer.getWhere() != null) positions(outer.getWhere(), true, found);
        if (outer.getSelectItems() != null) {
            for (SelectItem<?> item : outer.getSelectItems()) positions(item.getExpression(), false, found);
        }
        for (Map.Entry<ComparisonOperator, Boolean> e : found.entrySet()) {
            ComparisonOperator cmp = e.getKey();
            AnyComparisonExpression any = (AnyComparisonExpression) cmp.getRightExpression();
            if (!(any.getSelect() instanceof ParenthesedSelect sub) || !Correlation.mentionsOuter(sub, scope, schema)) continue;
            String shown = Decorrelator.shortText(cmp);
            try {
                if (!e.getValue()) {
                    throw new Trees.Unsupported("it is not a WHERE condition under AND/OR only, so its NULL (a NULL in the set, or an empty set"
                            + " for ANY) would have to be reproduced exactly; only those positions are rewritten");
                }
                String op = cmp.getStringExpression();
                boolean all = any.getAnyType() == AnyType.ALL;
                if (!Set.of(">", ">=", "<", "<=").contains(op)) {
                    throw new Trees.Unsupported(op + " " + any.getAnyType() + " has no MIN/MAX form" + (op.equals("=") && !all
                            ? " (= ANY is IN: exists_to_semijoin)" : op.equals("<>") && all ? " (<> ALL is NOT IN: not_in_to_antijoin)" : ""));
                }
                Correlation k = Correlation.of(sub, scope, schema);
                PlainSelect inner = k.inner();
                if (inner.getSelectItems().size() != 1 || inner.getSelectItems().get(0).getExpression() instanceof net.sf.jsqlparser.statement.select.AllColumns) {
                    throw new Trees.Unsupported("the subquery does not select a single value");
                }
                if (Correlation.sides(inner.getSelectItems().get(0), k.scope(), scope).contains(Scope.Side.OUTER)) {
                    throw new Trees.Unsupported("the compared value uses a column of the outer query");
                }
                checkOuter(outer);
                boolean greater = op.startsWith(">");
                // x > ALL → x > MAX; x < ALL → x < MIN; x > ANY → x > MIN; x < ANY → x < MAX
                String fn = greater == all ? "MAX" : "MIN";
                rewrite(outer, scope, cmp, k, fn, all, done);
            } catch (Trees.Unsupported ex) {
                warnings.add("decorrelate: left as is: " + shown + ": " + ex.getMessage());
            }
        }
    }

    /** Quantified comparisons, and whether each sits where NULL acts as false (top-level WHERE under AND / OR). */
    private static void positions(Expression e, boolean positive, Map<ComparisonOperator, Boolean> out) {
        if (e == null) return;
        if (positive && (e instanceof AndExpression || e instanceof OrExpression)) {
            net.sf.jsqlparser.expression.BinaryExpression b = (net.sf.jsqlparser.expression.BinaryExpression) e;
            positions(b.getLeftExpression(), true, out);
            positions(b.getRightExpression(), true, out);
            return;
        }
        if (positive && e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            positions(p.get(0), true, out);
            return;
        }
        if (e instanceof ComparisonOperator c && c.getRightExpression() instanceof AnyComparisonExpression) {
            out.put(c, positive);
            if (!positive) return;
        }
        for (ComparisonOperator c : Trees.find(e, ComparisonOperator.class, false)) {
            if (c != e && c.getRightExpression() instanceof AnyComparisonExpression) out.putIfAbsent(c, false);
        }
    }

    private static void checkOuter(PlainSelect outer) {
        if (outer.getJoins() != null && outer.getJoins().stream().anyMatch(j -> j.isSimple() || j.isNatural() || j.isCross())) {
            throw new Trees.Unsupported("the outer query lists tables with commas, CROSS or NATURAL joins; write them as JOIN ... ON");
        }
        if (outer.getFromItem() == null) throw new Trees.Unsupported("the outer query has no FROM");
        boolean star = outer.getSelectItems().stream().anyMatch(i -> i.getExpression() instanceof net.sf.jsqlparser.statement.select.AllColumns a
                && !(a instanceof net.sf.jsqlparser.statement.select.AllTableColumns));
        if (star && outer.getJoins() != null && outer.getJoins().stream().anyMatch(j -> j.getUsingColumns() != null && !j.getUsingColumns().isEmpty())) {
            throw new Trees.Unsupported("SELECT * over a JOIN ... USING cannot be spelled out per table without changing its columns");
        }
    }

    private void rewrite(PlainSelect outer, Scope scope, ComparisonOperator cmp, Correlation k, String fn, boolean all, List<Transformation> done) {
        String innerName = k.scope().items.get(0).name();
        String alias = Correlation.freshAlias(Names.unquote(innerName) + "_" + fn.toLowerCase(java.util.Locale.ROOT), outer);
        String value = fn.toLowerCase(java.util.Locale.ROOT) + "_value";
        List<String> keyNames = k.keyNames(Set.of(value, "n", "n_value"));
        Set<String> added = new java.util.HashSet<>(keyNames);
        added.addAll(List.of(value, "n", "n_value"));
        Correlation.qualifyClashes(outer, scope, added);
        Decorrelator.expandStar(outer, scope); // SELECT * would also return the derived table's columns
        Expression y = k.inner().getSelectItems().get(0).getExpression();

        PlainSelect derived = new PlainSelect();
        GroupByElement groupBy = k.selectAndGroupKeys(derived, keyNames);
        derived.addSelectItem(Exprs.parse(fn + "(" + y + ")"), new Alias(value));
        if (all) {
            derived.addSelectItem(Exprs.parse("COUNT(*)"), new Alias("n"));
            derived.addSelectItem(Exprs.parse("COUNT(" + y + ")"), new Alias("n_value"));
        }
        derived.setFromItem(k.inner().getFromItem());
        derived.setWhere(Exprs.and(k.filters()));
        derived.setGroupByElement(groupBy);
        List<Expression> on = new ArrayList<>();
        for (int i = 0; i < k.keys().size(); i++) {
            on.add(new EqualsTo(new Column(new Table(Names.sql(alias)), Names.sql(keyNames.get(i))), Exprs.paren(Exprs.copy(k.keys().get(i).outer()))));
        }
        outer.addJoins(new Join().withLeft(true).withRightItem(new ParenthesedSelect().withSelect(derived).withAlias(new Alias(Names.sql(alias), false)))
                .addOnExpression(Exprs.and(on)));
        String op = cmp.getStringExpression();
        String x = Exprs.paren(Exprs.copy(cmp.getLeftExpression())).toString();
        String test = all ? "(" + alias + ".n IS NULL OR " + alias + ".n = " + alias + ".n_value AND " + x + " " + op + " " + alias + "." + value + ")"
                : "(" + x + " " + op + " " + alias + "." + value + ")";
        Trees.replaceNode(outer, cmp, Exprs.parse(test));
        done.add(new Transformation("quantified_to_aggregate", op + " " + (all ? "ALL" : "ANY") + " (correlated subquery, a SubPlan per row) → "
                + fn + " over a LEFT JOIN on a derived table grouped by " + String.join(", ", keyNames) + (all
                ? ": true for an empty set (no group), not true when the set holds a NULL (COUNT(*) <> COUNT(value))"
                : ": not true for an empty set (no group: NULL) or a NULL value")));
    }
}
