package io.dataflow.rewrite;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * How a subquery is tied to the query around it: equalities {@code inner = outer} (the keys a
 * grouped or distinct derived table is joined on) and filters that use the subquery's own columns
 * only. Anything else correlated (a non-equality, an OR across levels) is a shape that is declined.
 *
 * @param inner   the subquery
 * @param scope   its FROM item
 * @param keys    the correlation equalities, inner side first
 * @param filters the subquery's other conjuncts, none of which mention the outer query
 */
record Correlation(PlainSelect inner, Scope scope, List<Key> keys, List<Expression> filters) {

    /** {@code inner = outer}. */
    record Key(Expression inner, Expression outer) {
    }

    /** Which levels a subquery's columns come from. */
    static Set<Scope.Side> sides(Object node, Scope inner, Scope outer) {
        Set<Scope.Side> out = EnumSet.noneOf(Scope.Side.class);
        for (Column c : Trees.find(node, Column.class, true)) {
            if (Scope.isKeyword(c)) continue;
            out.add(Scope.side(c, inner, outer));
        }
        return out;
    }

    /** Whether the subquery mentions the outer level at all (or might: names it cannot place). */
    static boolean mentionsOuter(ParenthesedSelect sub, Scope outer, Schema schema) {
        PlainSelect ps = sub.getPlainSelect();
        Scope inner = ps == null ? Scope.of(new PlainSelect(), schema) : Scope.of(ps, schema);
        Set<Scope.Side> sides = sides(sub, inner, outer);
        return sides.contains(Scope.Side.OUTER);
    }

    /**
     * Analyzes a subquery that must read one base table without joins, grouping or limits.
     *
     * @throws Trees.Unsupported with the reason when the shape is not handled
     */
    static Correlation of(ParenthesedSelect sub, Scope outer, Schema schema) {
        PlainSelect ps = sub.getPlainSelect();
        if (ps == null) throw new Trees.Unsupported("the subquery is not a plain SELECT (UNION, VALUES...)");
        if (!(ps.getFromItem() instanceof Table)) throw new Trees.Unsupported("the subquery does not read a single base table");
        if (ps.getJoins() != null && !ps.getJoins().isEmpty()) throw new Trees.Unsupported("the subquery has joins");
        if (ps.getGroupBy() != null || ps.getHaving() != null) throw new Trees.Unsupported("the subquery has GROUP BY or HAVING");
        if (ps.getDistinct() != null) throw new Trees.Unsupported("the subquery has DISTINCT");
        if (ps.getLimit() != null || ps.getOffset() != null || ps.getFetch() != null || ps.getTop() != null) {
            throw new Trees.Unsupported("the subquery has LIMIT/OFFSET/FETCH");
        }
        if (ps.getWithItemsList() != null && !ps.getWithItemsList().isEmpty()) throw new Trees.Unsupported("the subquery has WITH");
        if (ps.getWindowDefinitions() != null && !ps.getWindowDefinitions().isEmpty()) throw new Trees.Unsupported("the subquery has WINDOW");
        if (!Trees.find(ps, ParenthesedSelect.class, true).isEmpty()) throw new Trees.Unsupported("the subquery has subqueries of its own");
        Scope inner = Scope.of(ps, schema);
        for (Scope.Item i : inner.items) {
            if (outer.hasName(i.name())) {
                throw new Trees.Unsupported("the subquery's table is named " + i.name() + " like a table of the outer query");
            }
        }
        List<Key> keys = new ArrayList<>();
        List<Expression> filters = new ArrayList<>();
        for (Expression c : Exprs.conjuncts(ps.getWhere())) {
            Set<Scope.Side> sides = sides(c, inner, outer);
            if (sides.contains(Scope.Side.UNKNOWN)) {
                throw new Trees.Unsupported("cannot tell which query level the columns of '" + c + "' belong to (qualify them, or let"
                        + " DataFlow read the table definitions)");
            }
            if (!sides.contains(Scope.Side.OUTER)) {
                filters.add(c);
                continue;
            }
            if (c instanceof EqualsTo eq) {
                Set<Scope.Side> l = sides(eq.getLeftExpression(), inner, outer);
                Set<Scope.Side> r = sides(eq.getRightExpression(), inner, outer);
                if (l.equals(Set.of(Scope.Side.INNER)) && r.equals(Set.of(Scope.Side.OUTER))) {
                    keys.add(new Key(eq.getLeftExpression(), eq.getRightExpression()));
                    continue;
                }
                if (r.equals(Set.of(Scope.Side.INNER)) && l.equals(Set.of(Scope.Side.OUTER))) {
                    keys.add(new Key(eq.getRightExpression(), eq.getLeftExpression()));
                    continue;
                }
            }
            throw new Trees.Unsupported("the correlation '" + c + "' is not an equality between a column of the subquery and one of the"
                    + " outer query");
        }
        if (keys.isEmpty()) throw new Trees.Unsupported("the subquery's correlation is not in its WHERE as inner = outer");
        return new Correlation(ps, inner, keys, filters);
    }

    /**
     * Qualifies the outer query's unqualified columns named like an output of the derived table
     * about to be joined (they would become ambiguous); refuses when their table is not known.
     */
    static void qualifyClashes(PlainSelect outer, Scope scope, Set<String> added) {
        for (Column c : Trees.find(outer, Column.class, false)) {
            if (c.getTable() != null && c.getTable().getName() != null) continue;
            if (!added.contains(Names.unquote(c.getColumnName())) || Scope.isKeyword(c)) continue;
            Scope.Item item = scope.itemOf(c).orElseThrow(() -> new Trees.Unsupported("the outer query's column " + c
                    + " would clash with the derived table's column of that name, and its table is not known"));
            c.setTable(new Table(item.name()));
        }
    }

    /** A name for the derived table that no FROM item of the outer query uses. */
    static String freshAlias(String base, PlainSelect outer) {
        Set<String> used = new java.util.HashSet<>();
        for (PlainSelect p : Trees.find(outer, PlainSelect.class, true)) {
            for (Scope.Item i : Scope.of(p, Schema.none()).items) if (i.name() != null) used.add(Names.unquote(i.name()));
        }
        String name = base;
        for (int n = 2; used.contains(name); n++) name = base + n;
        return name;
    }

    /** Output names for the keys (the inner column's name when it is one) that differ from each other and from {@code taken}. */
    List<String> keyNames(Set<String> taken) {
        List<String> out = new ArrayList<>();
        Set<String> used = new java.util.HashSet<>(taken);
        for (int i = 0; i < keys.size(); i++) {
            String base = keys.get(i).inner() instanceof Column col ? Names.unquote(col.getColumnName()) : "key" + (i + 1);
            String name = base;
            for (int n = 2; used.contains(name); n++) name = base + "_" + n;
            used.add(name);
            out.add(name);
        }
        return out;
    }

    /**
     * Adds the correlation keys to a grouped derived table: each inner key selected (aliased to
     * {@code keyNames} unless it already has that name) and grouped by.
     */
    GroupByElement selectAndGroupKeys(PlainSelect derived, List<String> keyNames) {
        GroupByElement groupBy = new GroupByElement();
        for (int i = 0; i < keys.size(); i++) {
            Expression key = keys.get(i).inner();
            boolean sameName = key instanceof Column col && Names.unquote(col.getColumnName()).equals(keyNames.get(i));
            derived.addSelectItem(Exprs.copy(key), sameName ? null : new Alias(Names.sql(keyNames.get(i))));
            groupBy.addGroupByExpression(Exprs.copy(key));
        }
        return groupBy;
    }
}
