package io.dataflow.plan;

import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Planner cost of a workload statement under a configuration, memoized: only the candidates on the
 * statement's tables matter, so configurations that differ elsewhere share one EXPLAIN.
 */
final class CostOracle {

    /** A statement's plan under a configuration: its cost, the configuration's indexes it uses, the plan. */
    record Result(double cost, Set<IndexCandidate> used, PlanNode plan) {
    }

    private static final Comparator<IndexCandidate> ORDER = Comparator.comparing(IndexCandidate::toString);

    private final WhatIf whatIf;
    private final List<AdvisorQuery> queries;
    private final Map<String, Result> memo = new HashMap<>();
    private int explains;

    CostOracle(WhatIf whatIf, List<AdvisorQuery> queries) {
        this.whatIf = whatIf;
        this.queries = queries;
    }

    List<AdvisorQuery> queries() {
        return queries;
    }

    int explains() {
        return explains;
    }

    Result plan(int query, Collection<IndexCandidate> config) throws SQLException {
        AdvisorQuery q = queries.get(query);
        TreeSet<IndexCandidate> relevant = new TreeSet<>(ORDER);
        for (IndexCandidate c : config) {
            if (q.tables().contains(c.table())) relevant.add(c);
        }
        String key = query + "|" + relevant;
        Result cached = memo.get(key);
        if (cached != null) return cached;
        WhatIf.Explained e = whatIf.explain(q.statement(), relevant, q.tables());
        explains++;
        Result r = new Result(e.cost(), e.used(), e.plan());
        memo.put(key, r);
        return r;
    }

    double cost(int query, Collection<IndexCandidate> config) throws SQLException {
        return plan(query, config).cost();
    }

    /** Sum of weight x cost over the workload. */
    double total(Collection<IndexCandidate> config) throws SQLException {
        double sum = 0;
        for (int i = 0; i < queries.size(); i++) sum += queries.get(i).weight() * cost(i, config);
        return sum;
    }
}
