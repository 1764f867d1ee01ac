package io.dataflow.plan;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code missing_indexes}: candidates from the statement's shape, each planned what-if; an index is
 * suggested only if the plan uses it and the cost drops by at least {@code minGain}. Chosen
 * greedily: the best first, then the others again with it in place.
 */
final class MissingIndexes {

    private record Choice(IndexCandidate candidate, double cost) {
    }

    /** Lower cost wins; within 1%, the simpler index (fewer keys, no INCLUDE, not partial). */
    static final Comparator<Choice> BETTER = (a, b) -> {
        if (Math.abs(a.cost() - b.cost()) > 0.01 * Math.max(a.cost(), b.cost())) return Double.compare(a.cost(), b.cost());
        return Comparator.<IndexCandidate>comparingInt(c -> c.columns().size())
                .thenComparingInt(c -> c.include().size())
                .thenComparing(c -> c.where() != null)
                .thenComparing(IndexCandidate::toString).compare(a.candidate(), b.candidate());
    };

    List<Suggestion> suggest(OptimizerSession s, WhatIf w) throws SQLException {
        if (s.shape() == null) return List.of();
        List<IndexCandidate> remaining = new ArrayList<>(new CandidateGenerator(s.indexes()::distinct, s.indexes()::indexes)
                .candidates(s.shape(), p -> false));
        int candidates = remaining.size();
        double current = w.explain(s.statement(), List.of()).cost();
        Double msBefore = measure(s, w, List.of());
        List<IndexCandidate> chosen = new ArrayList<>();
        List<Suggestion> out = new ArrayList<>();
        while (chosen.size() < s.options().maxIndexes() && !remaining.isEmpty()) {
            List<Choice> useful = new ArrayList<>();
            for (IndexCandidate c : remaining) {
                List<IndexCandidate> config = new ArrayList<>(chosen);
                config.add(c);
                WhatIf.Explained e = w.explain(s.statement(), config);
                if (e.used().contains(c) && e.cost() <= current * (1 - s.options().minGain())) useful.add(new Choice(c, e.cost()));
            }
            if (useful.isEmpty()) break;
            useful.sort(BETTER);
            Choice best = useful.get(0);
            remaining = new ArrayList<>(useful.stream().skip(1).map(Choice::candidate).toList());
            chosen.add(best.candidate());
            Double msAfter = measure(s, w, chosen);
            out.add(suggestion(s, w, best, current, msBefore, msAfter));
            current = best.cost();
            msBefore = msAfter != null ? msAfter : msBefore;
        }
        if (out.isEmpty() && candidates > 0 && w.failed().size() == candidates) {
            // "no index helps" would be a wrong answer: none could be tried
            throw new PlanException("missing_indexes: none of the " + candidates + " candidate indexes could be made for the what-if ("
                    + w.failed().values().iterator().next() + "); the role needs to own the tables and have CREATE on their schema,"
                    + " or install HypoPG (CREATE EXTENSION hypopg), which needs neither", null, null);
        }
        return out;
    }

    private static Double measure(OptimizerSession s, WhatIf w, List<IndexCandidate> config) throws SQLException {
        if (!s.options().measure() || !s.plan().analyzed()) return config.isEmpty() && s.plan().analyzed() ? s.plan().executionMs() : null;
        Double best = null;
        for (int i = 0; i < 3; i++) {
            Double ms = w.measure(s.statement(), config);
            if (ms == null) return config.isEmpty() ? s.plan().executionMs() : null;
            best = best == null ? ms : Math.min(best, ms);
        }
        return best;
    }

    private static Suggestion suggestion(OptimizerSession s, WhatIf w, Choice best, double before, Double msBefore, Double msAfter)
            throws SQLException {
        IndexCandidate c = best.candidate();
        String name = s.freeName(c.table(), c.suggestedName());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("table", c.table());
        details.put("columns", c.columns());
        details.put("include", c.include());
        details.put("where", c.where());
        details.put("index_name", name);
        details.put("size_bytes", w.sizeBytes(c));
        details.put("what_if", w.mode());
        String explanation = String.format("An index on %s lets the plan avoid reading what it does not need: planner cost %.2f -> %.2f (%.0f%% lower).",
                c, before, best.cost(), 100 * (1 - best.cost() / before));
        return new Suggestion(SuggestionKind.MISSING_INDEXES.key(), "create_index", explanation, c.ddl(name, true), before, best.cost(),
                msBefore, msAfter, details);
    }
}
