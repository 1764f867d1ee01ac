package io.dataflow.plan;

import io.dataflow.plan.QueryShape.Op;
import io.dataflow.plan.QueryShape.Operand;
import io.dataflow.plan.QueryShape.SortKey;
import io.dataflow.sql.Identifiers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Index candidates for one statement, from its shape: single columns it filters, joins, sorts or
 * groups on; multi-column orders by the equality-sort-range rule (equality columns first, most
 * distinct first, then the sort or the range column); join columns followed by the equality
 * columns (nested-loop lookups); covering variants (INCLUDE the other referenced columns); and
 * partial variants for constant predicates the caller says recur. Candidates an existing index
 * already covers (same leading columns) are dropped.
 */
final class CandidateGenerator {

    static final int MAX_KEYS = 3;
    static final int MAX_INCLUDE = 4;

    private final Function<String, Map<String, Double>> distinct;
    private final Function<String, List<ExistingIndex>> existing;

    CandidateGenerator(Function<String, Map<String, Double>> distinct, Function<String, List<ExistingIndex>> existing) {
        this.distinct = distinct;
        this.existing = existing;
    }

    /** @param partial which constant predicates ({@code table, "col = 'x'"}) may make partial indexes */
    List<IndexCandidate> candidates(QueryShape shape, java.util.function.Predicate<PartialPredicate> partial) {
        Set<IndexCandidate> out = new LinkedHashSet<>();
        for (String table : shape.tables()) {
            List<QueryShape.Predicate> preds = shape.predicatesOn(table);
            List<String> eq = ordered(table, columns(preds, p -> isFilter(p) && (p.op() == Op.EQ || p.op() == Op.IN || p.op() == Op.IS_NULL)));
            List<String> range = columns(preds, p -> isFilter(p) && p.op() == Op.RANGE);
            List<String> joins = columns(preds, QueryShape.Predicate::isJoin);
            List<List<String>> sorts = new ArrayList<>();
            for (List<SortKey> ordering : shape.orderings()) {
                if (ordering.get(0).column().table().equals(table) && sameDirection(ordering)) {
                    sorts.add(ordering.stream().map(k -> k.column().column()).distinct().toList());
                }
            }
            for (List<QueryShape.Col> g : shape.groupings()) {
                List<String> cols = g.stream().filter(c -> c.table().equals(table)).map(QueryShape.Col::column).distinct().toList();
                if (!cols.isEmpty()) sorts.add(cols);
            }
            List<List<String>> keys = new ArrayList<>();
            eq.forEach(c -> keys.add(List.of(c)));
            range.forEach(c -> keys.add(List.of(c)));
            joins.forEach(c -> keys.add(List.of(c)));
            sorts.forEach(s -> keys.add(s));
            List<String> eqKeys = eq.subList(0, Math.min(eq.size(), MAX_KEYS));
            if (eqKeys.size() > 1) keys.add(eqKeys);
            if (!eqKeys.isEmpty()) {
                for (String r : range) keys.add(concat(eqKeys, List.of(r)));
                for (List<String> s : sorts) keys.add(concat(eqKeys, s));
                for (String j : joins) keys.add(concat(List.of(j), eqKeys));
            }
            for (List<String> k : keys) {
                List<String> key = k.stream().distinct().limit(MAX_KEYS).toList();
                IndexCandidate plain = IndexCandidate.of(table, key);
                out.add(plain);
                covering(shape, table, key).ifPresent(out::add);
                for (QueryShape.Predicate p : preds) {
                    if (p.op() != Op.EQ || p.operand() != Operand.CONSTANT) continue;
                    PartialPredicate pp = new PartialPredicate(table, Identifiers.quote(p.column().column()) + " = " + p.constant());
                    if (!partial.test(pp)) continue;
                    List<String> rest = key.stream().filter(c -> !c.equals(p.column().column())).toList();
                    if (!rest.isEmpty()) out.add(IndexCandidate.of(table, rest).where(pp.predicate()));
                }
            }
        }
        out.removeIf(c -> existing.apply(c.table()).stream().anyMatch(e -> e.covers(c)));
        return List.copyOf(out);
    }

    /** A constant equality predicate that could make a partial index. */
    record PartialPredicate(String table, String predicate) {
    }

    private java.util.Optional<IndexCandidate> covering(QueryShape shape, String table, List<String> key) {
        if (shape.selectsAll().contains(table)) return java.util.Optional.empty();
        List<String> rest = shape.referenced().getOrDefault(table, Set.of()).stream().filter(c -> !key.contains(c)).sorted().toList();
        if (rest.isEmpty() || rest.size() > MAX_INCLUDE) return java.util.Optional.empty();
        return java.util.Optional.of(IndexCandidate.of(table, key).including(rest));
    }

    private List<String> ordered(String table, List<String> columns) {
        Map<String, Double> d = distinct.apply(table);
        return columns.stream().sorted(Comparator.comparingDouble((String c) -> -d.getOrDefault(c, 0.0))).toList();
    }

    private static boolean sameDirection(List<SortKey> ordering) {
        return ordering.stream().map(SortKey::descending).distinct().count() == 1;
    }

    private static List<String> columns(List<QueryShape.Predicate> preds, java.util.function.Predicate<QueryShape.Predicate> filter) {
        return preds.stream().filter(filter).map(p -> p.column().column()).distinct().toList();
    }

    private static boolean isFilter(QueryShape.Predicate p) {
        return p.operand() != Operand.COLUMN;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        b.stream().filter(c -> !out.contains(c)).forEach(out::add);
        return out;
    }
}
