package io.dataflow.rewrite;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * IN, NOT IN and EXISTS subqueries. PostgreSQL turns most EXISTS or IN that are top-level WHERE
 * conjuncts into semi-joins (NOT EXISTS into anti-joins); whether it did is read from the captured
 * plan (no SubPlan for the construct), and only then is a construct called already optimal. An
 * EXISTS whose subquery has OFFSET k ("at least k+1 rows") is never pulled up: it becomes a join
 * with the keys having {@code COUNT(*) > k}. What it cannot pull up is a sublink under OR (or NOT, CASE...): it runs as a
 * SubPlan per outer row. Those become a LEFT JOIN with a DISTINCT derived table and an
 * {@code IS [NOT] NULL} test. NOT IN has no anti-join plan at all (its NULL semantics forbid it);
 * it becomes NOT EXISTS only when NOT NULL constraints on both sides prove NULLs impossible.
 */
final class SemiJoins {

    private final Schema schema;

    SemiJoins(Schema schema) {
        this.schema = schema;
    }

    /**
     * @param plan           the captured plan of the query as it stands (null: no plan could be read)
     * @param afterRewrites  whether other rewrites already changed the query (the plan is the rewritten query's)
     */
    void apply(PlainSelect outer, CapturedPlan plan, boolean afterRewrites, List<Transformation> done, List<String> warnings) {
        if (outer.getWhere() == null) return;
        Scope scope = Scope.of(outer, schema);
        Map<Object, Position> positions = new IdentityHashMap<>();
        positions(outer.getWhere(), Position.TOP, positions);
        List<Expression> conjuncts = Exprs.conjuncts(outer.getWhere());
        List<Runnable> rewrites = new ArrayList<>();
        String whose = afterRewrites ? "the plan of the query as rewritten above" : "its plan";
        for (Map.Entry<Object, Position> entry : positions.entrySet()) {
            Object node = entry.getKey();
            Position pos = entry.getValue();
            List<CapturedPlan.SubPlan> running = plan == null ? null : plan.subPlansFor(node);
            try {
                if (node instanceof ExistsExpression ex && ex.getRightExpression() instanceof ParenthesedSelect sub) {
                    String kind = ex.isNot() ? "anti-join" : "semi-join";
                    if (running != null && running.isEmpty()) {
                        warnings.add("exists_to_semijoin: " + Decorrelator.shortText(ex) + ": " + whose + " runs no SubPlan for it (PostgreSQL"
                                + " plans it " + (pos == Position.TOP ? "as a " + kind : "without a subquery per row") + "); left as is"
                                + (afterRewrites ? "" : " (already optimal)"));
                        continue;
                    }
                    PlainSelect ps = sub.getPlainSelect();
                    Long atLeast = ps == null ? null : BoundedExists.rowsNeeded(ps);
                    if (atLeast == null && pos == Position.TOP && running == null) {
                        warnings.add("exists_to_semijoin: " + Decorrelator.shortText(ex) + " is a top-level condition, which PostgreSQL normally"
                                + " plans as a " + kind + "; no plan could be read to confirm it, so it is left as is");
                        continue;
                    }
                    String planSays = running == null ? "" : whose + " runs " + CapturedPlan.describe(running) + "; ";
                    if (atLeast == null && pos == Position.TOP) {
                        String why = !plan.locates(ex) ? " (it reads relations the plan shows under other names, such as a view's tables, so"
                                + " these SubPlans may belong to another part of the query)" : BoundedExists.whyNotPulledUp(ps);
                        throw new Trees.Unsupported(planSays + "not rewritten: a top-level EXISTS is rewritten only with OFFSET (under OR: always)"
                                + why);
                    }
                    try {
                        Correlation k = Correlation.of(atLeast == null ? sub : BoundedExists.unbounded(sub), scope, schema);
                        checkOuter(outer);
                        boolean inner = atLeast != null && pos == Position.TOP && !ex.isNot() && conjuncts.stream().anyMatch(c -> c == ex);
                        rewrites.add(() -> existsJoin(outer, ex, k, atLeast, inner, conjuncts, planSays, done));
                    } catch (Trees.Unsupported e) {
                        throw new Trees.Unsupported(planSays + "not rewritten: " + e.getMessage());
                    }
                } else if (node instanceof InExpression in && in.getRightExpression() instanceof ParenthesedSelect sub && !in.isNot()) {
                    if (running != null && running.isEmpty()) {
                        warnings.add("in_to_semijoin: " + Decorrelator.shortText(in) + ": " + whose + " runs no SubPlan for it; left as is"
                                + (afterRewrites ? "" : " (already optimal)"));
                        continue;
                    }
                    if (pos == Position.TOP && running == null) {
                        warnings.add("in_to_semijoin: " + Decorrelator.shortText(in) + " is a top-level condition, which PostgreSQL normally"
                                + " plans as a semi-join; no plan could be read to confirm it, so it is left as is");
                        continue;
                    }
                    String planSays = running == null ? "" : whose + " runs " + CapturedPlan.describe(running) + "; ";
                    if (pos == Position.TOP) {
                        throw new Trees.Unsupported(planSays + "not rewritten: in_to_semijoin rewrites an IN under OR; a top-level IN that"
                                + " PostgreSQL keeps as a SubPlan is correlated or has subqueries of its own" + BoundedExists.whyNotPulledUp(sub.getPlainSelect()));
                    }
                    if (pos == Position.OTHER) throw new Trees.Unsupported(planSays + "IN under NOT or inside an expression can be NULL, which a join test cannot reproduce");
                    PlainSelect ps = uncorrelatedSingleColumn(sub, scope);
                    checkOuter(outer);
                    rewrites.add(() -> inJoin(outer, in, ps, done));
                } else if (node instanceof InExpression in && in.getRightExpression() instanceof ParenthesedSelect sub && in.isNot()) {
                    PlainSelect ps = uncorrelatedSingleColumn(sub, scope);
                    rewrites.add(notInToNotExists(outer, scope, in, ps, done));
                }
            } catch (Trees.Unsupported e) {
                String kind = node instanceof ExistsExpression ? "exists_to_semijoin" : ((InExpression) node).isNot() ? "not_in_to_antijoin" : "in_to_semijoin";
                warnings.add(kind + ": left as is: " + Decorrelator.shortText(node) + ": " + e.getMessage());
            }
        }
        for (Runnable r : rewrites) {
            try {
                r.run();
            } catch (Trees.Unsupported e) {
                warnings.add("exists_to_semijoin: left as is: " + e.getMessage());
            }
        }
    }

    /** Where a sublink sits: a top-level AND conjunct, under AND/OR only (NULL acts as false), or anywhere else. */
    enum Position { TOP, POSITIVE, OTHER }

    private static void positions(Expression e, Position pos, Map<Object, Position> out) {
        if (e instanceof AndExpression a) {
            positions(a.getLeftExpression(), pos, out);
            positions(a.getRightExpression(), pos, out);
        } else if (e instanceof OrExpression o) {
            Position p = pos == Position.OTHER ? Position.OTHER : Position.POSITIVE;
            positions(o.getLeftExpression(), p, out);
            positions(o.getRightExpression(), p, out);
        } else if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            positions(p.get(0), pos, out);
        } else if (e instanceof ExistsExpression || e instanceof InExpression in && in.getRightExpression() instanceof ParenthesedSelect) {
            out.put(e, pos);
        } else if (e instanceof NotExpression n && n.getExpression() instanceof ExistsExpression ex) {
            out.put(ex, pos); // EXISTS is never NULL: NOT EXISTS at the top is an anti-join, and anywhere else a plain boolean
        } else if (e instanceof NotExpression n && n.getExpression() instanceof ParenthesedExpressionList<?> p && p.size() == 1
                && p.get(0) instanceof ExistsExpression ex) {
            out.put(ex, pos);
        } else {
            for (Object n : Trees.find(e, Expression.class, false)) {
                if (n == e) continue;
                if (n instanceof ExistsExpression || n instanceof InExpression in && in.getRightExpression() instanceof ParenthesedSelect) {
                    out.putIfAbsent(n, Position.OTHER);
                }
            }
        }
    }

    private static void checkOuter(PlainSelect outer) {
        if (outer.getJoins() != null && outer.getJoins().stream().anyMatch(j -> j.isSimple() || j.isNatural() || j.isCross())) {
            throw new Trees.Unsupported("the outer query lists tables with commas, CROSS or NATURAL joins; write them as JOIN ... ON");
        }
        if (outer.getFromItem() == null) throw new Trees.Unsupported("the outer query has no FROM");
    }

    private PlainSelect uncorrelatedSingleColumn(ParenthesedSelect sub, Scope outer) {
        PlainSelect ps = sub.getPlainSelect();
        if (ps == null || ps.getSelectItems().size() != 1) throw new Trees.Unsupported("the subquery is not a single-column plain SELECT");
        Scope inner = Scope.of(ps, schema);
        Set<Scope.Side> sides = Correlation.sides(sub, inner, outer);
        if (sides.contains(Scope.Side.OUTER)) throw new Trees.Unsupported("the subquery is correlated");
        if (sides.contains(Scope.Side.UNKNOWN)) throw new Trees.Unsupported("cannot tell which query level some columns belong to");
        return ps;
    }

    /**
     * EXISTS → a join with the matching keys: DISTINCT keys, or with {@code atLeast} the keys having
     * at least that many rows ({@code EXISTS (... OFFSET k)}: {@code HAVING COUNT(*) > k}). A top-level
     * positive EXISTS becomes an inner join (one derived row per key: no outer row repeats); anywhere
     * else a LEFT JOIN and an {@code IS [NOT] NULL} test.
     */
    private void existsJoin(PlainSelect outer, ExistsExpression ex, Correlation k, Long atLeast, boolean innerJoin, List<Expression> conjuncts,
                            String planSays, List<Transformation> done) {
        String innerName = k.scope().items.get(0).name();
        String alias = Correlation.freshAlias(Names.unquote(innerName) + (atLeast == null ? "_match" : "_counted"), outer);
        List<String> names = k.keyNames(Set.of());
        Correlation.qualifyClashes(outer, Scope.of(outer, schema), new java.util.HashSet<>(names));
        PlainSelect derived = new PlainSelect();
        if (atLeast == null) derived.setDistinct(new Distinct());
        net.sf.jsqlparser.statement.select.GroupByElement groupBy = new net.sf.jsqlparser.statement.select.GroupByElement();
        for (int i = 0; i < k.keys().size(); i++) {
            Expression key = k.keys().get(i).inner();
            boolean same = key instanceof Column col && Names.unquote(col.getColumnName()).equals(names.get(i));
            derived.addSelectItem(Exprs.copy(key), same ? null : new Alias(Names.sql(names.get(i))));
            groupBy.addGroupByExpression(Exprs.copy(key));
        }
        derived.setFromItem(k.inner().getFromItem());
        derived.setWhere(Exprs.and(k.filters()));
        if (atLeast != null) {
            derived.setGroupByElement(groupBy);
            derived.setHaving(Exprs.parse("COUNT(*) > " + (atLeast - 1)));
        }
        List<Expression> on = new ArrayList<>();
        for (int i = 0; i < k.keys().size(); i++) {
            on.add(new EqualsTo(new Column(new Table(Names.sql(alias)), Names.sql(names.get(i))), Exprs.paren(Exprs.copy(k.keys().get(i).outer()))));
        }
        Join join = new Join().withRightItem(new ParenthesedSelect().withSelect(derived).withAlias(new Alias(Names.sql(alias), false)))
                .addOnExpression(Exprs.and(on));
        String what = atLeast == null ? "the distinct matching keys" : "the keys with more than " + (atLeast - 1) + " matching rows (HAVING COUNT(*) > "
                + (atLeast - 1) + ")";
        String from = (ex.isNot() ? "NOT EXISTS" : "EXISTS") + (atLeast == null ? " under OR" : " (... OFFSET " + (atLeast - 1) + ")");
        if (innerJoin) {
            outer.addJoins(join.withInner(true));
            conjuncts.removeIf(c -> c == ex);
            outer.setWhere(Exprs.and(conjuncts));
            done.add(new Transformation("exists_offset_to_having", from + " (" + planSays + "PostgreSQL cannot pull a subquery with OFFSET up into a"
                    + " semi-join) → JOIN on " + what + ", computed once"));
            return;
        }
        outer.addJoins(join.withLeft(true));
        IsNullExpression test = new IsNullExpression(new Column(new Table(Names.sql(alias)), Names.sql(names.get(0))));
        test.setNot(!ex.isNot());
        Trees.replaceNode(outer, ex, new ParenthesedExpressionList<>(test));
        done.add(new Transformation(atLeast == null ? "exists_to_semijoin" : "exists_offset_to_having", from + " (" + (planSays.isEmpty()
                ? "a SubPlan per row" : planSays.substring(0, planSays.length() - 2)) + ") → LEFT JOIN on " + what + " and " + test));
    }

    private void inJoin(PlainSelect outer, InExpression in, PlainSelect sub, List<Transformation> done) {
        SelectItem<?> item = sub.getSelectItems().get(0);
        String name = item.getAlias() != null ? Names.unquote(item.getAlias().getName())
                : item.getExpression() instanceof Column col ? Names.unquote(col.getColumnName()) : "value";
        String alias = Correlation.freshAlias(sub.getFromItem() != null && sub.getFromItem().getAlias() != null
                ? Names.unquote(sub.getFromItem().getAlias().getName()) + "_in" : "in_list", outer);
        boolean same = item.getExpression() instanceof Column col && Names.unquote(col.getColumnName()).equals(name) && item.getAlias() == null;
        if (!same) item.setAlias(new Alias(Names.sql(name)));
        if (sub.getDistinct() == null) sub.setDistinct(new Distinct());
        outer.addJoins(new Join().withLeft(true).withRightItem(new ParenthesedSelect().withSelect(sub).withAlias(new Alias(Names.sql(alias), false)))
                .addOnExpression(new EqualsTo(new Column(new Table(Names.sql(alias)), Names.sql(name)), Exprs.paren(Exprs.copy(in.getLeftExpression())))));
        IsNullExpression test = new IsNullExpression(new Column(new Table(Names.sql(alias)), Names.sql(name)));
        test.setNot(true);
        Trees.replaceNode(outer, in, new ParenthesedExpressionList<>(test));
        done.add(new Transformation("in_to_semijoin", "IN (subquery) under OR (a SubPlan per row) → LEFT JOIN on the distinct values and " + test));
    }

    private Runnable notInToNotExists(PlainSelect outer, Scope scope, InExpression in, PlainSelect sub, List<Transformation> done) {
        if (!(in.getLeftExpression() instanceof Column x)) throw new Trees.Unsupported("the tested value is not a column");
        if (!(sub.getSelectItems().get(0).getExpression() instanceof Column e)) throw new Trees.Unsupported("the subquery does not select a column");
        if (!(sub.getFromItem() instanceof Table) || sub.getJoins() != null && !sub.getJoins().isEmpty()) {
            throw new Trees.Unsupported("the subquery does not read a single table");
        }
        if (sub.getLimit() != null || sub.getOffset() != null || sub.getGroupBy() != null || sub.getHaving() != null) {
            throw new Trees.Unsupported("the subquery has LIMIT, OFFSET, GROUP BY or HAVING");
        }
        Scope inner = Scope.of(sub, schema);
        Scope.Item outerItem = scope.itemOf(x).orElseThrow(() -> new Trees.Unsupported("cannot tell which table " + x + " belongs to"));
        Schema.Column xc = scope.column(x).orElseThrow(() -> new Trees.Unsupported("the definition of " + x + " is not known, so NULLs cannot be ruled out"));
        Schema.Column ec = inner.column(e).orElseThrow(() -> new Trees.Unsupported("the definition of " + e + " is not known, so NULLs cannot be ruled out"));
        if (!xc.notNull()) throw new Trees.Unsupported(x + " may be NULL (no NOT NULL constraint): NOT IN would then be NULL, not true");
        if (!ec.notNull()) throw new Trees.Unsupported(e + " may be NULL (no NOT NULL constraint): one NULL makes NOT IN never true");
        boolean nullable = outer.getJoins() != null && outer.getJoins().stream().anyMatch(j -> j.isLeft() || j.isRight() || j.isFull() || j.isOuter());
        if (nullable) throw new Trees.Unsupported("the outer query has outer joins, so " + x + " may be NULL despite its constraint");
        String innerName = inner.items.get(0).name();
        if (scope.hasName(innerName)) throw new Trees.Unsupported("the subquery's table is named " + innerName + " like a table of the outer query");
        return () -> {
            Column innerCol = new Column(new Table(Names.sql(Names.unquote(innerName))), e.getColumnName());
            Column outerCol = new Column(new Table(Names.sql(Names.unquote(outerItem.name()))), x.getColumnName());
            List<Expression> where = new ArrayList<>(Exprs.conjuncts(sub.getWhere()));
            where.add(new EqualsTo(innerCol, outerCol));
            sub.setWhere(Exprs.and(where));
            sub.setSelectItems(new ArrayList<>(List.of(new SelectItem<>(new LongValue(1)))));
            sub.setDistinct(null);
            ExistsExpression notExists = new ExistsExpression().withRightExpression(new ParenthesedSelect().withSelect(sub)).withNot(true);
            Trees.replaceNode(outer, in, notExists);
            done.add(new Transformation("not_in_to_antijoin", "NOT IN (subquery) → NOT EXISTS, which PostgreSQL plans as an anti-join ("
                    + x + " and " + e + " are NOT NULL, so the two agree)"));
        };
    }
}
