package io.dataflow.plan;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Chooses indexes under a storage budget. The objective is the weighted planner cost of the
 * workload plus the write overhead of the chosen indexes. Two lazy greedy passes (by net benefit
 * per byte, and by net benefit: a candidate's last known value is an upper bound, re-evaluated
 * with the indexes chosen so far before it is taken) give a start; the better one is improved by
 * local search (add an index, or put it in place of one or two on its table) and finally every index
 * that no longer pays given the others is dropped.
 */
final class AdvisorSearch {

    /** The chosen indexes and what each is worth given the others. */
    record Outcome(List<IndexCandidate> chosen, double costBefore, double costAfter, Map<IndexCandidate, Double> marginal, double minBenefit) {
    }

    private record Bound(IndexCandidate candidate, double value) {
    }

    static final int MAX_ROUNDS = 20;

    private final CostOracle oracle;
    private final Map<IndexCandidate, Long> sizes;
    private final Map<IndexCandidate, Double> overhead;
    private final AdvisorOptions options;

    AdvisorSearch(CostOracle oracle, Map<IndexCandidate, Long> sizes, Map<IndexCandidate, Double> overhead, AdvisorOptions options) {
        this.oracle = oracle;
        this.sizes = sizes;
        this.overhead = overhead;
        this.options = options;
    }

    private List<IndexCandidate> useful = List.of();

    /** Per candidate, the statements whose plan uses it when it is the only new index, with that plan's cost. */
    private final Map<IndexCandidate, Map<Integer, Double>> alone = new HashMap<>();

    /**
     * The minimum benefit is a share of what the workload costs <em>with the advice in place</em>:
     * a share of the original cost would let one pathological statement (a correlated subquery
     * planned at 10^9) set a bar no other index can pass once that statement is fixed. So the search
     * starts at the share of the original cost and is repeated with the share of the remaining cost
     * until the bar stops falling (at most {@link #MAX_BAR_ROUNDS} times), keeping the better outcome.
     */
    Outcome run(List<IndexCandidate> candidates) throws SQLException {
        double before = oracle.total(List.of());
        double minBenefit = options.minBenefitShare() * before;
        Outcome out = search(candidates, before, minBenefit);
        for (int round = 0; round < MAX_BAR_ROUNDS; round++) {
            double bar = options.minBenefitShare() * objective(new LinkedHashSet<>(out.chosen()));
            if (bar >= 0.9 * minBenefit) break;
            minBenefit = bar;
            Outcome next = search(candidates, before, minBenefit);
            if (objective(new LinkedHashSet<>(next.chosen())) > objective(new LinkedHashSet<>(out.chosen()))) break;
            out = next;
        }
        return out;
    }

    static final int MAX_BAR_ROUNDS = 4;

    private Outcome search(List<IndexCandidate> candidates, double before, double minBenefit) throws SQLException {
        List<IndexCandidate> useful = new ArrayList<>();
        for (IndexCandidate c : candidates) {
            if (sizes.get(c) > 0 && sizes.get(c) <= options.budgetBytes() && net(c, Set.of()) >= minBenefit) useful.add(c);
        }
        for (IndexCandidate c : useful) {
            if (alone.containsKey(c)) continue;
            Map<Integer, Double> users = new HashMap<>();
            for (int i = 0; i < oracle.queries().size(); i++) {
                if (!oracle.queries().get(i).tables().contains(c.table())) continue;
                CostOracle.Result r = oracle.plan(i, List.of(c)); // memoized by net() above
                if (r.used().contains(c)) users.put(i, r.cost());
            }
            alone.put(c, users);
        }
        this.useful = useful;
        Set<IndexCandidate> byRatio = greedy(useful, true, minBenefit);
        Set<IndexCandidate> byValue = greedy(useful, false, minBenefit);
        Set<IndexCandidate> chosen = objective(byRatio) <= objective(byValue) ? byRatio : byValue;
        improve(chosen, useful, minBenefit);
        prune(chosen, minBenefit);
        Map<IndexCandidate, Double> marginal = new HashMap<>();
        for (IndexCandidate c : chosen) marginal.put(c, removalCost(c, chosen));
        return new Outcome(new ArrayList<>(chosen), before, oracle.total(chosen), marginal, minBenefit);
    }

    private Set<IndexCandidate> greedy(List<IndexCandidate> useful, boolean perByte, double minBenefit) throws SQLException {
        Set<IndexCandidate> chosen = new LinkedHashSet<>();
        PriorityQueue<Bound> queue = new PriorityQueue<>((a, b) -> Double.compare(b.value(), a.value()));
        for (IndexCandidate c : useful) queue.add(new Bound(c, value(net(c, Set.of()), c, perByte)));
        long used = 0;
        while (!queue.isEmpty() && chosen.size() < options.maxIndexes()) {
            Bound top = queue.poll();
            long size = sizes.get(top.candidate());
            if (used + size > options.budgetBytes()) continue;
            double net = net(top.candidate(), chosen);
            if (net < minBenefit) continue;
            double value = value(net, top.candidate(), perByte);
            if (!queue.isEmpty() && value < queue.peek().value()) {
                queue.add(new Bound(top.candidate(), value)); // no longer the best: back in line at its true value
                continue;
            }
            chosen.add(top.candidate());
            used += size;
        }
        return chosen;
    }

    private double value(double net, IndexCandidate c, boolean perByte) {
        return perByte ? net / sizes.get(c) : net;
    }

    /**
     * Best-improvement local search: add an index, or put it in place of one index on its table (or
     * two, when the budget or the index count is what stops an addition). Only promising moves are
     * planned: the new index must beat, for some statement it serves, that statement's current cost,
     * and a replaced index must serve some of the same statements.
     */
    private void improve(Set<IndexCandidate> chosen, List<IndexCandidate> useful, double minBenefit) throws SQLException {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            double current = objective(chosen);
            long used = chosen.stream().mapToLong(sizes::get).sum();
            Set<IndexCandidate> best = null;
            double bestGain = minBenefit;
            for (IndexCandidate d : useful) {
                if (chosen.contains(d) || !promising(d, chosen)) continue;
                boolean fits = chosen.size() < options.maxIndexes() && used + sizes.get(d) <= options.budgetBytes();
                List<Set<IndexCandidate>> moves = new ArrayList<>();
                if (fits) {
                    Set<IndexCandidate> added = new LinkedHashSet<>(chosen);
                    added.add(d);
                    moves.add(added);
                }
                List<IndexCandidate> rivals = chosen.stream().filter(c -> c.table().equals(d.table()) && overlaps(c, d)).toList();
                for (int i = 0; i < rivals.size(); i++) {
                    for (int j = i; j < (fits ? i + 1 : rivals.size()); j++) { // two for one only when an addition does not fit
                        Set<IndexCandidate> swapped = new LinkedHashSet<>(chosen);
                        swapped.remove(rivals.get(i));
                        swapped.remove(rivals.get(j));
                        swapped.add(d);
                        if (swapped.stream().mapToLong(sizes::get).sum() <= options.budgetBytes()) moves.add(swapped);
                    }
                }
                for (Set<IndexCandidate> move : moves) {
                    double gain = current - objective(move);
                    if (gain > bestGain) {
                        bestGain = gain;
                        best = move;
                    }
                }
            }
            if (best == null) return;
            chosen.clear();
            chosen.addAll(best);
        }
    }

    /** Whether {@code d} alone plans some statement it serves cheaper than that statement costs now. */
    private boolean promising(IndexCandidate d, Set<IndexCandidate> chosen) throws SQLException {
        for (Map.Entry<Integer, Double> e : alone.getOrDefault(d, Map.of()).entrySet()) {
            if (e.getValue() < oracle.cost(e.getKey(), chosen) * (1 - 1e-6)) return true;
        }
        return false;
    }

    private boolean overlaps(IndexCandidate a, IndexCandidate b) {
        Set<Integer> x = alone.getOrDefault(a, Map.of()).keySet();
        return alone.getOrDefault(b, Map.of()).keySet().stream().anyMatch(x::contains);
    }

    /** Weighted workload cost plus the write overhead of the configuration. */
    double objective(Set<IndexCandidate> config) throws SQLException {
        double o = oracle.total(config);
        for (IndexCandidate c : config) o += overhead.getOrDefault(c, 0.0);
        return o;
    }

    /** Weighted cost drop from adding {@code c} to {@code chosen}, counting only plans that use it, less its write overhead. */
    double net(IndexCandidate c, Set<IndexCandidate> chosen) throws SQLException {
        Set<IndexCandidate> with = new LinkedHashSet<>(chosen);
        with.add(c);
        double gain = 0;
        for (int i = 0; i < oracle.queries().size(); i++) {
            AdvisorQuery q = oracle.queries().get(i);
            if (!q.tables().contains(c.table())) continue;
            CostOracle.Result after = oracle.plan(i, with);
            if (!after.used().contains(c)) continue;
            gain += q.weight() * (oracle.cost(i, chosen) - after.cost());
        }
        return gain - overhead.getOrDefault(c, 0.0);
    }

    /**
     * Every candidate not chosen, with why: it could not be made; it alone is larger than the budget;
     * no statement's plan uses it; what it saves is below the minimum benefit; its write cost eats the
     * saving; a chosen index serves its statements instead; or it pays but did not fit the budget or
     * the index count next to better ones.
     */
    List<RejectedCandidate> rejected(List<IndexCandidate> candidates, Outcome outcome) throws SQLException {
        double minBenefit = outcome.minBenefit();
        Set<IndexCandidate> chosen = new LinkedHashSet<>(outcome.chosen());
        long used = chosen.stream().mapToLong(sizes::get).sum();
        List<RejectedCandidate> out = new ArrayList<>();
        for (IndexCandidate c : candidates) {
            if (chosen.contains(c)) continue;
            long size = sizes.getOrDefault(c, 0L);
            double write = overhead.getOrDefault(c, 0.0);
            if (size <= 0) {
                out.add(rejected(c, "could_not_be_made", null, 0, 0, write, size, "the what-if index could not be made (see notes)"));
                continue;
            }
            double alone = net(c, Set.of()) + write;
            if (alone <= 0) {
                out.add(rejected(c, "not_used_by_planner", null, 0, 0, write, size, "no statement's plan uses it even when it is the only new index"));
                continue;
            }
            if (size > options.budgetBytes()) {
                out.add(rejected(c, "budget", null, alone, 0, write, size, "alone it is larger than the budget of " + options.budgetBytes() + " bytes"));
                continue;
            }
            if (alone < minBenefit) {
                out.add(rejected(c, "below_min_benefit", null, alone, 0, write, size, String.format(java.util.Locale.ROOT,
                        "it saves %.1f, below the minimum benefit of %.1f (%.2f%% of the workload cost with the advice in place)", alone, minBenefit, 100 * options.minBenefitShare())));
                continue;
            }
            if (alone - write < minBenefit) {
                out.add(rejected(c, "write_cost", null, alone, 0, write, size, String.format(java.util.Locale.ROOT,
                        "it saves %.1f but maintaining it costs writers %.1f per period", alone, write)));
                continue;
            }
            double withChosen = net(c, chosen) + write;
            IndexCandidate instead = servedBy(c, chosen);
            if (withChosen - write < minBenefit && instead != null) {
                out.add(rejected(c, "superseded_by", instead.toString(), alone, withChosen, write, size, String.format(java.util.Locale.ROOT,
                        "with the proposed indexes it would save %.1f more; %s serves its statements", withChosen, instead)));
            } else if (withChosen - write < minBenefit) {
                out.add(rejected(c, withChosen >= minBenefit ? "write_cost" : "below_min_benefit", null, alone, withChosen, write, size,
                        String.format(java.util.Locale.ROOT, "with the proposed indexes it would save %.1f more, %.1f after its write cost", withChosen,
                                withChosen - write)));
            } else {
                boolean fits = used + size <= options.budgetBytes();
                out.add(rejected(c, "budget", null, alone, withChosen, write, size, fits
                        ? "it pays, but the proposed " + chosen.size() + " indexes are the " + options.maxIndexes() + " allowed (max_indexes) or serve more"
                        : String.format(java.util.Locale.ROOT, "it pays, but adding its %d bytes to the proposed %d would pass the budget of %d",
                                size, used, options.budgetBytes())));
            }
        }
        out.sort((a, b) -> Double.compare(b.benefit(), a.benefit()));
        return out;
    }

    /** The chosen index that the statements {@code c} would serve use most, or null. */
    private IndexCandidate servedBy(IndexCandidate c, Set<IndexCandidate> chosen) throws SQLException {
        Map<IndexCandidate, Double> weight = new HashMap<>();
        for (int i : alone.getOrDefault(c, Map.of()).keySet()) {
            for (IndexCandidate u : oracle.plan(i, chosen).used()) weight.merge(u, oracle.queries().get(i).weight(), Double::sum);
        }
        return weight.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private static RejectedCandidate rejected(IndexCandidate c, String reason, String instead, double benefit, double withChosen, double write,
                                              long size, String detail) {
        return new RejectedCandidate(c.toString(), c.table(), c.columns(), reason, instead, round(benefit), round(withChosen), round(write), size, detail);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Keeps an index only if removing it would cost more than it saves given the others. */
    private void prune(Set<IndexCandidate> chosen, double minBenefit) throws SQLException {
        while (true) {
            IndexCandidate weakest = null;
            double weakestValue = Double.MAX_VALUE;
            for (IndexCandidate c : chosen) {
                double value = removalCost(c, chosen) - overhead.getOrDefault(c, 0.0);
                if (value < weakestValue) {
                    weakestValue = value;
                    weakest = c;
                }
            }
            if (weakest == null || weakestValue >= minBenefit) return;
            chosen.remove(weakest);
        }
    }

    /** How much the workload cost rises without {@code c}, the others kept. */
    double removalCost(IndexCandidate c, Set<IndexCandidate> chosen) throws SQLException {
        Set<IndexCandidate> without = new LinkedHashSet<>(chosen);
        without.remove(c);
        return oracle.total(without) - oracle.total(chosen);
    }
}
