package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.demo.DemoScale;
import io.dataflow.demo.GuideDemo;
import io.dataflow.model.ModelSpec;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.AdvisorReport;
import io.dataflow.plan.AdvisedIndex;
import io.dataflow.plan.IndexAdvisor;
import io.dataflow.plan.IndexCandidate;
import io.dataflow.plan.WhatIf;
import io.dataflow.plan.Workload;
import io.dataflow.plan.WorkloadQuery;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The workload advisor beside a Dexter-style baseline, on the same 50-statement workload, the same
 * what-if machinery and the same storage budget, over the demo's data without secondary indexes:
 * workload planner cost and measured time (indexes created for real, each statement's best of 3
 * runs, weighted), index count and size, and advising time.
 * Usage: java -cp benchmarks.jar io.dataflow.bench.IndexAdvisorBenchmark [small|medium] [budget-mb] [url of an empty database]
 * (without a URL: an embedded PostgreSQL 17, where what-if uses indexes built in rolled-back transactions).
 */
public final class IndexAdvisorBenchmark {

    public static void main(String[] args) throws Exception {
        DemoScale scale = DemoScale.parse(args.length > 0 ? args[0] : "small");
        long budgetMb = args.length > 1 ? Long.parseLong(args[1]) : 10;
        var builder = DataFlow.configure().environment(n -> null);
        builder = args.length > 2 ? builder.url(args[2]) : builder.embedded(EmbeddedSettings.throwAway());
        try (DataFlow db = builder.open()) {
            db.registerAll(GuideDemo.models().stream().map(m -> new ModelSpec(m.name(), m.table(), m.fields(), List.of(),
                    m.partitioning(), m.optimisticLock(), m.retryOnConflict())).toList());
            db.sync();
            long t0 = System.nanoTime();
            GuideDemo.generate(db, scale);
            exec(db, "VACUUM ANALYZE");
            exec(db, "SELECT pg_stat_reset()"); // the load is setup, not the workload: the write mix starts here
            System.out.printf("%s data loaded in %.1f s on %s%n", scale.label(), (System.nanoTime() - t0) / 1e9, db.status().toText().lines().findFirst().orElse(""));
            Workload workload = BenchWorkload.fifty();
            IndexAdvisor advisor = db.advisor();
            AdvisorOptions options = AdvisorOptions.defaults().budgetMb(budgetMb);

            advisor.advise(workload, options); // warm-up: class loading, JIT, catalog caches
            long a0 = System.nanoTime();
            AdvisorReport report = advisor.advise(workload, options);
            double adviseMs = (System.nanoTime() - a0) / 1e6;
            Set<IndexCandidate> ours = new LinkedHashSet<>();
            report.indexes().forEach(i -> ours.add(new IndexCandidate(i.table(), i.columns(), null, i.include(), i.where(), "btree", null)));

            long d0 = System.nanoTime();
            DexterStyleAdvisor.Result dexter = DexterStyleAdvisor.advise(db.dataSource(), workload, options.budgetBytes(), WhatIf.Mode.AUTO);
            double dexterMs = (System.nanoTime() - d0) / 1e6;

            List<Double> costs = advisor.workloadCosts(workload, List.of(Set.of(), ours, dexter.indexes()), WhatIf.Mode.AUTO);
            double baseMs = measured(db, workload);
            double oursMs = measuredWith(db, workload, report.indexes().stream().map(AdvisedIndex::sql).toList());
            double dexterRunMs = measuredWith(db, workload, dexter.indexes().stream().map(ix -> ix.ddl(null, false)).toList());
            long dexterSize = dexter.indexes().stream().mapToLong(dexter.sizes()::get).sum();

            System.out.printf("%nworkload: %d statements, budget %d MB, what-if: %s, %d candidates, %d what-if plans%n",
                    workload.queries().size(), budgetMb, report.whatIf(), report.candidates(), report.plans());
            report.notes().forEach(n -> System.out.println("note: " + n));
            System.out.println("| advisor | workload cost | cost reduction | measured ms (weighted) | time reduction | indexes | total size | advising time |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            System.out.printf("| none | %.0f | | %.1f | | 0 | 0 | |%n", costs.get(0), baseMs);
            row("DataFlow advisor", costs.get(0), costs.get(1), baseMs, oursMs, ours.size(), report.totalSizeBytes(), adviseMs);
            row("Dexter-style baseline", costs.get(0), costs.get(2), baseMs, dexterRunMs, dexter.indexes().size(), dexterSize, dexterMs);
            System.out.println("\nDataFlow advisor's indexes:");
            report.indexes().forEach(i -> System.out.printf("  %5.1f%%  %s%n", i.benefitPct(), i.sql()));
            System.out.println("Dexter-style indexes:");
            dexter.indexes().forEach(i -> System.out.println("  " + i));
        }
    }

    private static void row(String name, double before, double after, double baseMs, double ms, int count, long bytes, double adviseMs) {
        System.out.printf("| %s | %.0f | %.1f%% | %.1f | %.1f%% | %d | %.1f MB | %.1f s |%n", name, after, 100 * (1 - after / before), ms,
                100 * (1 - ms / baseMs), count, bytes / 1048576.0, adviseMs / 1000);
    }

    /** Creates the indexes, measures, drops them again. */
    private static double measuredWith(DataFlow db, Workload workload, List<String> ddl) throws Exception {
        List<String> names = new ArrayList<>();
        int n = 0;
        for (String sql : ddl) {
            String name = "bench_ix_" + (++n);
            exec(db, sql.replaceFirst("^CREATE INDEX CONCURRENTLY \"[^\"]+\"", "CREATE INDEX \"" + name + "\"")
                    .replaceFirst("^CREATE INDEX ON", "CREATE INDEX \"" + name + "\" ON"));
            names.add(name);
        }
        exec(db, "ANALYZE");
        try {
            return measured(db, workload);
        } finally {
            for (String name : names) exec(db, "DROP INDEX \"" + name + "\"");
        }
    }

    /** Weighted sum of each statement's best of 3 executions (DML rolled back). */
    private static double measured(DataFlow db, Workload workload) {
        double total = 0;
        for (WorkloadQuery q : workload.queries()) {
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) best = Math.min(best, db.plans().analyze(q.sql()).executionMs());
            total += q.weight() * best;
        }
        return total;
    }

    private static void exec(DataFlow db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
