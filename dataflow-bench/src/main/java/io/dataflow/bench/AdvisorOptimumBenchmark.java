package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.bench.tpch.TpchData;
import io.dataflow.bench.tpch.TpchQueries;
import io.dataflow.plan.AdvisedIndex;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.AdvisorReport;
import io.dataflow.plan.IndexCandidate;
import io.dataflow.plan.WhatIf;
import io.dataflow.plan.Workload;
import io.dataflow.plan.WorkloadQuery;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How close the advisor's search comes to the best index set: on TPC-H workloads small enough for an
 * exhaustive search (each query alone, and pairs of consecutive queries, when they have at most
 * {@code max} candidates), every subset of the candidates within the budget is planned what-if and
 * the cheapest is compared with the advisor's choice at the same budget (room for about two
 * indexes: twice the median candidate size). Reports the advisor's workload cost as a multiple of
 * the optimum's (1.00 = optimal).
 * Usage: AdvisorOptimumBenchmark [sf, default 0.01] [max candidates, default 12] [admin JDBC URL]
 */
public final class AdvisorOptimumBenchmark {

    public static void main(String[] args) throws Exception {
        double sf = args.length > 0 ? Double.parseDouble(args[0]) : 0.01;
        int max = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        String admin = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
        String name = "optimum_bench_" + Long.toHexString(System.nanoTime());
        try (Connection a = DriverManager.getConnection(admin); Statement st = a.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        try (DataFlow db = DataFlow.configure().environment(n -> null).url(admin.replaceFirst("/postgres(\\?|$)", "/" + name + "$1")).pool(1, 2, 30).open()) {
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE EXTENSION IF NOT EXISTS hypopg");
                TpchData.load(c, sf);
            }
            List<TpchQueries.Query> qs = TpchQueries.all(sf);
            List<List<TpchQueries.Query>> workloads = new ArrayList<>();
            for (int i = 0; i < qs.size(); i++) workloads.add(List.of(qs.get(i)));
            for (int i = 0; i + 1 < qs.size(); i += 2) workloads.add(List.of(qs.get(i), qs.get(i + 1)));
            System.out.println("| workload | candidates | configurations | cost before | optimum | advisor | advisor / optimum |");
            System.out.println("|---|---|---|---|---|---|---|");
            int n = 0;
            double worst = 1;
            for (List<TpchQueries.Query> w : workloads) {
                Workload workload = new Workload(w.stream().map(q -> new WorkloadQuery(q.sql(), 1, "tpch:" + q.name())).toList());
                List<IndexCandidate> candidates = db.advisor().candidates(workload);
                if (candidates.isEmpty() || candidates.size() > max) continue;
                Map<IndexCandidate, Long> sizes = db.advisor().sizes(candidates, WhatIf.Mode.AUTO);
                List<Long> sorted = sizes.values().stream().filter(s -> s > 0).sorted().toList();
                if (sorted.isEmpty()) continue;
                long budget = sorted.get(sorted.size() / 2) * 2;
                List<Set<IndexCandidate>> configs = new ArrayList<>();
                subsets(candidates, sizes, budget, 0, new ArrayList<>(), 0, configs);
                List<Double> costs = db.advisor().workloadCosts(workload, configs, WhatIf.Mode.AUTO);
                double optimum = costs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                AdvisorReport report = db.advisor().advise(workload, AdvisorOptions.defaults().budgetBytes(budget).maxIndexes(candidates.size()));
                Set<IndexCandidate> chosen = new HashSet<>();
                for (AdvisedIndex i : report.indexes()) {
                    candidates.stream().filter(c -> c.table().equals(i.table()) && c.columns().equals(i.columns()) && c.include().equals(i.include())
                            && java.util.Objects.equals(c.where(), i.where())).findFirst().ifPresent(chosen::add);
                }
                double ours = db.advisor().workloadCosts(workload, List.of(chosen), WhatIf.Mode.AUTO).get(0);
                double ratio = optimum <= 0 ? 1 : ours / optimum;
                worst = Math.max(worst, ratio);
                n++;
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | %.0f | %.3f |%n", String.join("+", w.stream().map(TpchQueries.Query::name).toList()),
                        candidates.size(), configs.size(), costs.get(0), optimum, ours, ratio);
            }
            System.out.printf(Locale.ROOT, "%d workloads searched exhaustively; worst advisor/optimum %.3f%n", n, worst);
        } finally {
            try (Connection a = DriverManager.getConnection(admin); Statement st = a.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    private static void subsets(List<IndexCandidate> all, Map<IndexCandidate, Long> sizes, long budget, int from,
                                List<IndexCandidate> current, long size, List<Set<IndexCandidate>> out) {
        out.add(new HashSet<>(current));
        for (int i = from; i < all.size(); i++) {
            long s = sizes.get(all.get(i));
            if (s <= 0 || size + s > budget) continue;
            current.add(all.get(i));
            subsets(all, sizes, budget, i + 1, current, size + s, out);
            current.remove(current.size() - 1);
        }
    }
}
