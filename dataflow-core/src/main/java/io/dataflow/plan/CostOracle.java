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
 * statement's tables matter, so configurations that differ elsewhere share one EXPLAIN. A plan is
 * also reused for any configuration between the indexes it uses and the configuration it was made
 * under: every path of the smaller configuration was open to the planner then, and the one it chose
 * is still open, so it is still the cheapest (up to the planner's 1% fuzz between near-equal paths).
 * The search mostly plans "what it has plus or minus one index", so this saves most EXPLAINs — which
 * matters without HypoPG, where each one drops the other candidates in a savepoint.
 */
final class CostOracle {

    /** A statement's plan under a configuration: its cost, the configuration's indexes it uses, the plan. */
    record Result(double cost, Set<IndexCandidate> used, PlanNode plan) {
    }

    private static final Comparator<IndexCandidate> ORDER = Comparator.comparing(IndexCandidate::toString);

    private final WhatIf whatIf;
    private final List<AdvisorQuery> queries;
    private final Map<String, Result> memo = new HashMap<>();
    private final Map<Integer, List<Planned>> planned = new HashMap<>();
    private int explains;
    private int reused;

    /** A plan and the configuration (candidates on the statement's tables) it was made under. */
    private record Planned(Set<IndexCandidate> config, Result result) {
    }

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

    /** Lookups answered by a plan made under a larger configuration. */
    int reused() {
        return reused;
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
        List<Planned> earlier = planned.computeIfAbsent(query, k -> new java.util.ArrayList<>());
        for (Planned p : earlier) {
            if (relevant.containsAll(p.result().used()) && p.config().containsAll(relevant)) {
                reused++;
                memo.put(key, p.result());
                return p.result();
            }
        }
        WhatIf.Explained e = whatIf.explain(q.statement(), relevant, q.tables());
        explains++;
        Result r = new Result(e.cost(), e.used(), e.plan());
        memo.put(key, r);
        earlier.add(new Planned(Set.copyOf(relevant), r));
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
