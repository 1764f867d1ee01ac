package io.dataflow.rewrite;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Decorrelation: a correlated scalar aggregate subquery ({@code (SELECT COUNT(*) FROM orders o
 * WHERE o.user_id = u.id)}) becomes a join with a derived table grouped by the correlation columns,
 * which PostgreSQL computes once instead of once per outer row.
 *
 * <p>The COUNT bug: an outer row without matching rows sees COUNT = 0 (SUM, AVG, MIN, MAX: NULL) in
 * the subquery, but no row at all in a grouped join. So the join is a LEFT JOIN with
 * {@code COALESCE(count, 0)}, unless the subquery sits in a WHERE conjunct that is provably not true
 * for the empty value ({@link EmptyGroup}); only then is it an inner join, with the predicate moved
 * into the derived table's HAVING when it mentions nothing else (the guide's form).
 */
final class Decorrelator {

    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max");

    private final Schema schema;

    Decorrelator(Schema schema) {
        this.schema = schema;
    }

    /** Rewrites the correlated aggregate subqueries in the WHERE and select list of {@code outer}. */
    void apply(PlainSelect outer, List<Transformation> done, List<String> warnings) {
        Scope scope = Scope.of(outer, schema);
        List<Expression> fromJoins = joinFilters(outer, scope);
        List<Candidate> candidates = new ArrayList<>();
        List<Expression> conjuncts = Exprs.conjuncts(outer.getWhere());
        java.util.Map<String, Expression> equal = equalities(conjuncts, scope);
        for (Expression conjunct : conjuncts) {
            List<ParenthesedSelect> subs = Trees.find(conjunct, ParenthesedSelect.class, false);
            for (ParenthesedSelect sub : subs) {
                Candidate c = new Candidate(sub, conjunct, subs.size() == 1);
                if (fromJoins.contains(conjunct)) c.notes.add("in a JOIN's ON, moved to WHERE: the same rows for inner joins");
                if (isAggregate(sub)) substituteEnclosing(c, scope, equal);
                candidates.add(c);
            }
        }
        if (outer.getSelectItems() != null) {
            for (SelectItem<?> item : outer.getSelectItems()) {
                for (ParenthesedSelect sub : Trees.find(item, ParenthesedSelect.class, false)) candidates.add(new Candidate(sub, null, false));
            }
        }
        List<Candidate> usable = new ArrayList<>();
        for (Candidate c : candidates) {
            if (!isAggregate(c.sub) || !Correlation.mentionsOuter(c.sub, scope, schema)) continue;
            try {
                c.correlation = Correlation.of(c.sub, scope, schema);
                c.aggregate = (Function) c.correlation.inner().getSelectItems().get(0).getExpression();
                for (Expression arg : arguments(c.aggregate)) {
                    if (Correlation.sides(arg, c.correlation.scope(), scope).contains(Scope.Side.OUTER)) {
                        throw new Trees.Unsupported("the aggregate's argument uses a column of the outer query");
                    }
                }
                checkOuter(outer, c);
                usable.add(c);
            } catch (Trees.Unsupported e) {
                warnings.add("decorrelate: left as is: " + shortText(c.sub) + ": " + e.getMessage());
            }
        }
        if (usable.isEmpty()) return;
        List<Candidate> joins = new ArrayList<>();
        for (Candidate c : usable) {
            Boolean exists = existsForm(c);
            if (exists == null) {
                joins.add(c);
                continue;
            }
            toExists(outer, c, exists, conjuncts, done);
        }
        if (joins.isEmpty()) return;
        expandStar(outer, scope);
        java.util.Map<String, List<Candidate>> shared = new java.util.LinkedHashMap<>();
        for (Candidate c : joins) {
            if (c.conjunct == null) shared.computeIfAbsent(signature(c.correlation), x -> new ArrayList<>()).add(c);
        }
        for (Candidate c : joins) {
            List<Candidate> group = c.conjunct == null ? shared.get(signature(c.correlation)) : null;
            try {
                if (group != null && group.size() > 1) {
                    if (group.get(0) == c) rewriteShared(outer, group, done, scope);
                } else {
                    rewrite(outer, c, conjuncts, done, scope);
                }
            } catch (Trees.Unsupported e) {
                warnings.add("decorrelate: left as is: " + shortText(c.sub) + ": " + e.getMessage());
            }
        }
    }

    /** Same table, alias, filters and correlation: the aggregates can share one grouped derived table. */
    private static String signature(Correlation k) {
        return k.inner().getFromItem() + "|" + k.filters().stream().map(Object::toString).sorted().toList() + "|"
                + k.keys().stream().map(key -> key.inner() + "=" + key.outer()).toList();
    }

    /**
     * Several correlated aggregates over the same table and correlation in one select list: one
     * derived table grouped once holds all of them (each its own SubPlan per row before), one LEFT JOIN.
     */
    private void rewriteShared(PlainSelect outer, List<Candidate> group, List<Transformation> done, Scope scope) {
        Correlation k = group.get(0).correlation;
        String innerName = k.scope().items.get(0).name();
        String alias = Correlation.freshAlias(Names.unquote(innerName) + "_agg", outer);
        List<String> aggNames = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Candidate c : group) {
            String base = aggregateName(c.aggregate);
            String name = base;
            for (int n = 2; used.contains(name); n++) name = base + "_" + n;
            used.add(name);
            aggNames.add(name);
        }
        List<String> keyNames = k.keyNames(used);
        Set<String> added = new HashSet<>(keyNames);
        added.addAll(aggNames);
        Correlation.qualifyClashes(outer, scope, added);

        PlainSelect derived = new PlainSelect();
        GroupByElement groupBy = k.selectAndGroupKeys(derived, keyNames);
        for (int i = 0; i < group.size(); i++) derived.addSelectItem(Exprs.copy(group.get(i).aggregate), new Alias(Names.sql(aggNames.get(i))));
        derived.setFromItem(k.inner().getFromItem());
        derived.setWhere(Exprs.and(k.filters()));
        derived.setGroupByElement(groupBy);
        Join join = new Join().withLeft(true).withRightItem(new ParenthesedSelect().withSelect(derived).withAlias(new Alias(Names.sql(alias), false)));
        List<Expression> on = new ArrayList<>();
        for (int i = 0; i < k.keys().size(); i++) {
            on.add(new EqualsTo(new Column(new Table(Names.sql(alias)), Names.sql(keyNames.get(i))), Exprs.paren(Exprs.copy(k.keys().get(i).outer()))));
        }
        join.addOnExpression(Exprs.and(on));
        outer.addJoins(join);
        List<String> fns = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            Candidate c = group.get(i);
            String fn = c.aggregate.getName().toLowerCase(Locale.ROOT);
            fns.add(fn.toUpperCase(Locale.ROOT));
            Expression value = new Column(new Table(Names.sql(alias)), Names.sql(aggNames.get(i)));
            if (fn.equals("count")) value = new Function("COALESCE", value, new LongValue(0));
            replaceInSelectList(outer, c.sub, value, fn);
        }
        done.add(new Transformation("decorrelate", group.size() + " correlated aggregates over " + k.inner().getFromItem() + " with the same"
                + " correlation (" + String.join(", ", fns) + ", each a SubPlan per row) → one LEFT JOIN on a derived table grouped once by "
                + String.join(", ", keyNames) + " (COUNT with COALESCE(..., 0) for outer rows without matching rows, the others NULL)"));
    }

    /** Puts {@code value} where the subquery was in the select list, keeping the column name PostgreSQL gave the bare subquery. */
    private static void replaceInSelectList(PlainSelect outer, ParenthesedSelect sub, Expression value, String fn) {
        boolean bare = false;
        for (SelectItem<?> any : outer.getSelectItems()) {
            @SuppressWarnings("unchecked")
            SelectItem<Expression> item = (SelectItem<Expression>) any;
            if (item.getExpression() == sub) {
                bare = item.getAlias() == null;
                item.setExpression(value);
                if (bare) item.setAlias(new Alias(fn));
            }
        }
        if (!bare) Trees.replaceNode(outer, sub, value);
    }

    /**
     * A correlated aggregate in the ON of an inner join (a join filter the plan runs it in per pair)
     * is moved to WHERE, which is the same for inner joins; with any outer join it stays.
     */
    private List<Expression> joinFilters(PlainSelect outer, Scope scope) {
        List<Expression> moved = new ArrayList<>();
        if (outer.getJoins() == null || outer.getJoins().isEmpty()) return moved;
        for (Join j : outer.getJoins()) {
            if (j.isLeft() || j.isRight() || j.isFull() || j.isOuter() || j.isCross() || j.isNatural() || j.isSimple() || j.isSemi()
                    || j.getUsingColumns() != null && !j.getUsingColumns().isEmpty()) {
                return moved;
            }
        }
        List<Expression> where = new ArrayList<>(Exprs.conjuncts(outer.getWhere()));
        for (Join j : outer.getJoins()) {
            if (j.getOnExpressions() == null || j.getOnExpressions().isEmpty()) continue;
            List<Expression> keep = new ArrayList<>();
            for (Expression on : j.getOnExpressions()) {
                for (Expression c : Exprs.conjuncts(on)) {
                    boolean correlated = Trees.find(c, ParenthesedSelect.class, false).stream()
                            .anyMatch(sub -> isAggregate(sub) && Correlation.mentionsOuter(sub, scope, schema));
                    if (correlated) moved.add(c); else keep.add(c);
                }
            }
            if (keep.size() == Exprs.conjuncts(Exprs.and(new ArrayList<>(j.getOnExpressions()))).size()) continue;
            j.setOnExpressions(new ArrayList<>(List.of(keep.isEmpty() ? Exprs.parse("TRUE") : Exprs.and(keep))));
        }
        if (moved.isEmpty()) return moved;
        where.addAll(moved);
        outer.setWhere(Exprs.and(where));
        return moved;
    }

    /**
     * {@code level.col = enclosing.col} conjuncts of this level's WHERE, keyed by the enclosing column
     * (as written): inside a conjunct of the same WHERE, a subquery may read the enclosing column as
     * this level's, since a row where they differ fails the WHERE anyway.
     */
    private static java.util.Map<String, Expression> equalities(List<Expression> conjuncts, Scope scope) {
        java.util.Map<String, Expression> out = new java.util.HashMap<>();
        for (Expression c : conjuncts) {
            if (!(c instanceof EqualsTo eq) || !(eq.getLeftExpression() instanceof Column l) || !(eq.getRightExpression() instanceof Column r)) continue;
            if (own(l, scope) && enclosing(r, scope)) out.putIfAbsent(key(r), l);
            else if (own(r, scope) && enclosing(l, scope)) out.putIfAbsent(key(l), r);
        }
        return out;
    }

    private static boolean own(Column c, Scope scope) {
        return c.getTable() != null && c.getTable().getName() != null && scope.hasName(c.getTable().getName());
    }

    private static boolean enclosing(Column c, Scope scope) {
        return c.getTable() != null && c.getTable().getName() != null && !scope.hasName(c.getTable().getName());
    }

    private static String key(Column c) {
        return Names.unquote(c.getTable().getName()) + "." + Names.unquote(c.getColumnName());
    }

    /**
     * A nested aggregate correlated with an enclosing level ({@code o2.user_id = u.id} inside an
     * EXISTS over {@code orders o} that has {@code o.user_id = u.id}) reads that column through this
     * level's equal one, so it can be grouped and joined here.
     */
    private static void substituteEnclosing(Candidate c, Scope scope, java.util.Map<String, Expression> equal) {
        if (equal.isEmpty() || c.conjunct == null) return;
        Set<String> inside = CapturedPlan.names(c.sub);
        for (Column col : Trees.find(c.sub, Column.class, true)) {
            if (!enclosing(col, scope) || inside.contains(Names.unquote(col.getTable().getName()))) continue;
            Expression mine = equal.get(key(col));
            if (mine == null) continue;
            if (Trees.replaceNode(c.sub, col, Exprs.copy(mine))) {
                c.notes.add(col + " read as " + mine + " (equal in this level's WHERE)");
            }
        }
    }

    private static final class Candidate {
        final List<String> notes = new ArrayList<>();
        final ParenthesedSelect sub;
        final Expression conjunct; // null in the select list
        final boolean alone;       // the only subquery of its conjunct
        Correlation correlation;
        Function aggregate;

        Candidate(ParenthesedSelect sub, Expression conjunct, boolean alone) {
            this.sub = sub;
            this.conjunct = conjunct;
            this.alone = alone;
        }
    }

    private static boolean isAggregate(ParenthesedSelect sub) {
        PlainSelect ps = sub.getPlainSelect();
        if (ps == null || ps.getSelectItems() == null || ps.getSelectItems().size() != 1) return false;
        SelectItem<?> item = ps.getSelectItems().get(0);
        return item.getExpression() instanceof Function f && f.getName() != null && f.getMultipartName().size() == 1
                && AGGREGATES.contains(f.getName().toLowerCase(Locale.ROOT)) && f.getKeep() == null && f.getHavingClause() == null;
    }

    private static List<Expression> arguments(Function f) {
        return f.getParameters() == null ? List.of() : new ArrayList<>((List<? extends Expression>) f.getParameters());
    }

    private static void checkOuter(PlainSelect outer, Candidate c) {
        if (outer.getJoins() != null && outer.getJoins().stream().anyMatch(j -> j.isSimple() || j.isNatural() || j.isCross())) {
            throw new Trees.Unsupported("the outer query lists tables with commas, CROSS or NATURAL joins (a JOIN added after them could"
                    + " not see every table); write them as JOIN ... ON");
        }
        if (c.conjunct == null && (outer.getGroupBy() != null || outer.getHaving() != null)) {
            throw new Trees.Unsupported("the subquery is in the select list of a grouped query");
        }
        if (outer.getFromItem() == null) throw new Trees.Unsupported("the outer query has no FROM");
        boolean star = outer.getSelectItems().stream().anyMatch(i -> i.getExpression() instanceof AllColumns a && !(a instanceof AllTableColumns));
        if (star && outer.getJoins() != null && outer.getJoins().stream().anyMatch(j -> j.getUsingColumns() != null && !j.getUsingColumns().isEmpty())) {
            throw new Trees.Unsupported("SELECT * over a JOIN ... USING cannot be spelled out per table without changing its columns");
        }
    }

    /** {@code SELECT *} would also return the derived table's columns: it becomes {@code t1.*, t2.*} over the original FROM items. */
    static void expandStar(PlainSelect outer, Scope scope) {
        List<SelectItem<?>> items = new ArrayList<>();
        boolean changed = false;
        for (SelectItem<?> item : outer.getSelectItems()) {
            if (item.getExpression() instanceof AllColumns all && !(all instanceof AllTableColumns)) {
                for (Scope.Item i : scope.items) {
                    if (i.name() == null) throw new IllegalStateException("unnamed FROM item");
                    items.add(new SelectItem<>(new AllTableColumns(new Table(i.name()))));
                }
                changed = true;
            } else {
                items.add(item);
            }
        }
        if (changed) outer.setSelectItems(items);
    }

    private void rewrite(PlainSelect outer, Candidate c, List<Expression> conjuncts, List<Transformation> done, Scope scope) {
        String fn = c.aggregate.getName().toLowerCase(Locale.ROOT);
        boolean count = fn.equals("count");
        BigDecimal empty = count ? BigDecimal.ZERO : null;
        boolean inner = c.conjunct != null && EmptyGroup.provablyNotTrue(c.conjunct, c.sub, empty);
        Correlation k = c.correlation;
        String innerName = k.scope().items.get(0).name();
        String alias = Correlation.freshAlias(Names.unquote(innerName) + "_agg", outer);
        String aggName = aggregateName(c.aggregate);
        List<String> keyNames = k.keyNames(Set.of(aggName));
        Set<String> added = new HashSet<>(keyNames);
        added.add(aggName);
        Correlation.qualifyClashes(outer, scope, added);

        PlainSelect derived = new PlainSelect();
        GroupByElement groupBy = k.selectAndGroupKeys(derived, keyNames);
        derived.addSelectItem(Exprs.copy(c.aggregate), new Alias(Names.sql(aggName)));
        derived.setFromItem(k.inner().getFromItem());
        derived.setWhere(Exprs.and(k.filters()));
        derived.setGroupByElement(groupBy);

        Join join = new Join().withRightItem(new ParenthesedSelect().withSelect(derived).withAlias(new Alias(Names.sql(alias), false)));
        if (inner) join.withInner(true); else join.withLeft(true);
        List<Expression> on = new ArrayList<>();
        for (int i = 0; i < k.keys().size(); i++) {
            on.add(new EqualsTo(new Column(new Table(Names.sql(alias)), Names.sql(keyNames.get(i))), Exprs.paren(Exprs.copy(k.keys().get(i).outer()))));
        }
        join.addOnExpression(Exprs.and(on));
        outer.addJoins(join);

        Expression value = new Column(new Table(Names.sql(alias)), Names.sql(aggName));
        if (count && !inner) value = new Function("COALESCE", value, new LongValue(0));
        String where;
        if (inner && c.alone && c.conjunct != c.sub && onlyTheSubquery(c.conjunct, c.sub)) {
            // the guide's form: the filter on the aggregate goes into the derived table's HAVING
            Trees.replaceNode(c.conjunct, c.sub, Exprs.copy(c.aggregate));
            Expression having = c.conjunct;
            derived.setHaving(Exprs.copy(having));
            conjuncts.remove(c.conjunct);
            outer.setWhere(Exprs.and(conjuncts));
            where = "HAVING " + having;
        } else if (c.conjunct != null) {
            Trees.replaceNode(outer, c.sub, value);
            where = "WHERE";
        } else {
            boolean bare = false;
            for (SelectItem<?> any : outer.getSelectItems()) {
                @SuppressWarnings("unchecked")
                SelectItem<Expression> item = (SelectItem<Expression>) any;
                if (item.getExpression() == c.sub) {
                    bare = item.getAlias() == null;
                    item.setExpression(value);
                    if (bare) item.setAlias(new Alias(fn)); // keeps the column's name as PostgreSQL gave it
                }
            }
            if (!bare) Trees.replaceNode(outer, c.sub, value);
            where = "select list";
        }
        done.add(new Transformation("decorrelate", "correlated " + fn.toUpperCase(Locale.ROOT) + " subquery (" + where + ") → "
                + (inner ? "JOIN" : "LEFT JOIN") + " on a derived table grouped by " + String.join(", ", keyNames)
                + (inner ? " (an outer row without matching rows cannot pass the predicate)"
                : count ? " with COALESCE(" + aggName + ", 0) for outer rows without matching rows (the COUNT bug)"
                : " (outer rows without matching rows keep a NULL " + fn.toUpperCase(Locale.ROOT) + ")")
                + (c.notes.isEmpty() ? "" : "; " + String.join("; ", c.notes))));
    }

    /**
     * {@code COUNT(...) = 0} is NOT EXISTS and {@code COUNT(...) > 0} is EXISTS, which PostgreSQL plans as
     * anti- and semi-joins without grouping anything: true for EXISTS, false for NOT EXISTS, null otherwise.
     */
    private static Boolean existsForm(Candidate c) {
        if (c.conjunct == null || !c.aggregate.getName().equalsIgnoreCase("count")) return null;
        if (!(c.conjunct instanceof net.sf.jsqlparser.expression.operators.relational.ComparisonOperator cmp)) return null;
        String op = cmp.getStringExpression();
        Expression other;
        if (cmp.getLeftExpression() == c.sub) {
            other = cmp.getRightExpression();
        } else if (cmp.getRightExpression() == c.sub) {
            other = cmp.getLeftExpression();
            op = switch (op) {
                case "<" -> ">";
                case ">" -> "<";
                case "<=" -> ">=";
                case ">=" -> "<=";
                default -> op;
            };
        } else {
            return null;
        }
        if (!(other instanceof LongValue n) || n.getValue() > 1) return null;
        long k = n.getValue();
        return switch (op + k) {
            case "=0", "<=0", "<1" -> false;
            case ">0", ">=1", "<>0", "!=0" -> true;
            default -> null;
        };
    }

    private void toExists(PlainSelect outer, Candidate c, boolean exists, List<Expression> conjuncts, List<Transformation> done) {
        PlainSelect inner = c.correlation.inner();
        List<Expression> where = new ArrayList<>(Exprs.conjuncts(inner.getWhere()));
        for (Expression arg : arguments(c.aggregate)) {
            if (arg instanceof AllColumns) continue; // COUNT(*)
            net.sf.jsqlparser.expression.operators.relational.IsNullExpression notNull =
                    new net.sf.jsqlparser.expression.operators.relational.IsNullExpression(Exprs.copy(arg));
            notNull.setNot(true); // COUNT(x) counts non-NULL x only
            where.add(notNull);
        }
        inner.setWhere(Exprs.and(where));
        inner.setSelectItems(new ArrayList<>(List.of(new SelectItem<>(new LongValue(1)))));
        net.sf.jsqlparser.expression.operators.relational.ExistsExpression e =
                new net.sf.jsqlparser.expression.operators.relational.ExistsExpression().withRightExpression(c.sub).withNot(!exists);
        Trees.replaceNode(outer, c.conjunct, e);
        conjuncts.set(conjuncts.indexOf(c.conjunct), e);
        done.add(new Transformation("decorrelate", c.conjunct.toString().replace(c.sub.toString(), "(COUNT subquery)") + " → "
                + (exists ? "EXISTS (a semi-join)" : "NOT EXISTS (an anti-join)") + ": nothing needs counting"));
    }

    /** Whether the conjunct mentions no column outside the subquery (so it can move into HAVING). */
    private static boolean onlyTheSubquery(Expression conjunct, ParenthesedSelect sub) {
        Set<Object> inside = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        inside.addAll(Trees.find(sub, Column.class, true));
        for (Column col : Trees.find(conjunct, Column.class, true)) {
            if (!inside.contains(col) && !Scope.isKeyword(col)) return false;
        }
        return true;
    }

    /** {@code count}, {@code sum_total}: the aggregate's name and its column. */
    private static String aggregateName(Function f) {
        String fn = f.getName().toLowerCase(Locale.ROOT);
        List<Expression> args = arguments(f);
        if (args.size() == 1 && args.get(0) instanceof Column col) return fn + "_" + Names.unquote(col.getColumnName()).replaceAll("[^a-z0-9_]", "");
        return fn;
    }

    static String shortText(Object sub) {
        String s = sub.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
