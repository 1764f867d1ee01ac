package io.dataflow.bench;

import io.dataflow.plan.BoundParameters;
import io.dataflow.plan.Explainable;
import io.dataflow.plan.IndexCandidate;
import io.dataflow.plan.QueryShape;
import io.dataflow.plan.WhatIf;
import io.dataflow.plan.Workload;
import io.dataflow.plan.WorkloadQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The baseline: Dexter's method, on the same what-if machinery. For each statement, hypothetical
 * indexes on every single column it filters, joins or sorts on, then on every ordered pair of those
 * columns; a statement keeps the index its plan uses if that saves at least 50% of its cost (the
 * two-column pass wins over the single-column one when it saves more). The union is then cut to the
 * budget, largest total saving first. No interactions, no write costs, no budget in the method itself.
 */
final class DexterStyleAdvisor {

    record Result(Set<IndexCandidate> indexes, Map<IndexCandidate, Long> sizes) {
    }

    static final double MIN_SAVINGS = 0.5;

    static Result advise(DataSource dataSource, Workload workload, long budgetBytes, WhatIf.Mode mode) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (WhatIf w = WhatIf.open(c, mode)) {
                Map<IndexCandidate, Double> saving = new LinkedHashMap<>();
                for (WorkloadQuery q : workload.queries()) {
                    QueryShape shape;
                    try {
                        shape = QueryShape.of(q.sql(), t -> columns(c, t));
                    } catch (RuntimeException e) {
                        continue; // like Dexter, a statement it cannot parse brings no index
                    }
                    Explainable statement = new Explainable.Bound(q.sql(), BoundParameters.bind(q.sql(), Map.of(), c, null));
                    double base = w.explain(statement, List.of()).cost();
                    List<IndexCandidate> singles = new ArrayList<>();
                    List<IndexCandidate> pairs = new ArrayList<>();
                    for (String table : shape.tables()) {
                        List<String> cols = columnsUsed(shape, table);
                        List<List<String>> existing = existing(c, table);
                        for (String a : cols) {
                            add(singles, IndexCandidate.of(table, List.of(a)), existing);
                            for (String b : cols) if (!a.equals(b)) add(pairs, IndexCandidate.of(table, List.of(a, b)), existing);
                        }
                    }
                    Set<IndexCandidate> winners = Set.of();
                    double best = base;
                    for (List<IndexCandidate> pass : List.of(singles, concat(singles, pairs))) {
                        if (pass.isEmpty()) continue;
                        WhatIf.Explained e = w.explain(statement, pass);
                        if (e.used().isEmpty() || e.cost() > base * (1 - MIN_SAVINGS) || e.cost() >= best) continue;
                        best = e.cost();
                        winners = e.used();
                    }
                    for (IndexCandidate winner : winners) saving.merge(winner, q.weight() * (base - best) / winners.size(), Double::sum);
                }
                Map<IndexCandidate, Long> sizes = new HashMap<>();
                for (IndexCandidate ix : saving.keySet()) sizes.put(ix, w.sizeBytes(ix));
                Set<IndexCandidate> chosen = new LinkedHashSet<>();
                long used = 0;
                for (IndexCandidate ix : saving.keySet().stream().sorted((a, b) -> Double.compare(saving.get(b), saving.get(a))).toList()) {
                    if (used + sizes.get(ix) > budgetBytes) continue;
                    chosen.add(ix);
                    used += sizes.get(ix);
                }
                return new Result(chosen, sizes);
            } finally {
                c.rollback();
            }
        }
    }

    /** Like Dexter, no hypothetical index on columns an existing index already leads with. */
    private static void add(List<IndexCandidate> out, IndexCandidate ix, List<List<String>> existing) {
        boolean covered = existing.stream().anyMatch(e -> e.size() >= ix.columns().size() && e.subList(0, ix.columns().size()).equals(ix.columns()));
        if (!covered) out.add(ix);
    }

    private static List<List<String>> existing(Connection c, String table) {
        List<List<String>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[]"
                + " FROM pg_index i WHERE i.indrelid = to_regclass(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(List.of((String[]) rs.getArray(1).getArray()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static List<String> columnsUsed(QueryShape shape, String table) {
        Set<String> out = new LinkedHashSet<>();
        shape.predicatesOn(table).forEach(p -> out.add(p.column().column()));
        shape.orderings().forEach(o -> o.stream().filter(k -> k.column().table().equals(table)).forEach(k -> out.add(k.column().column())));
        return new ArrayList<>(out);
    }

    private static List<IndexCandidate> concat(List<IndexCandidate> a, List<IndexCandidate> b) {
        List<IndexCandidate> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static Set<String> columns(Connection c, String table) {
        Set<String> out = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
