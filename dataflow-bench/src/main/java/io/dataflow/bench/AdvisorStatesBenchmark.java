package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.demo.DemoScale;
import io.dataflow.demo.GuideDemo;
import io.dataflow.model.ModelSpec;
import io.dataflow.plan.AdvisedIndex;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.AdvisorReport;
import io.dataflow.plan.WhatIf;
import io.dataflow.plan.Workload;
import io.dataflow.plan.WorkloadQuery;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The DataFlow advisor beside the Dexter-style baseline on the demo's e-commerce data without
 * secondary indexes, with a 16-statement workload written for this benchmark
 * (resources/ecommerce-16.sql), in three database states: right after the load (no statistics
 * reset, no workload run), after pg_stat_reset(), and after the workload has run. In each state
 * both advise first, then the workload's weighted execution time is measured with each one's
 * indexes (built for real; best of 3 per statement; DML rolled back).
 * Usage: AdvisorStatesBenchmark [small|medium] [budget as a fraction of the data size, default 0.25] [admin JDBC URL]
 */
public final class AdvisorStatesBenchmark {

    public static void main(String[] args) throws Exception {
        DemoScale scale = DemoScale.parse(args.length > 0 ? args[0] : "medium");
        double fraction = args.length > 1 ? Double.parseDouble(args[1]) : 0.25;
        String admin = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
        String name = "states_bench_" + Long.toHexString(System.nanoTime());
        try (Connection a = DriverManager.getConnection(admin); Statement st = a.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        try {
            run(scale, fraction, admin.replaceFirst("/postgres(\\?|$)", "/" + name + "$1"));
        } finally {
            try (Connection a = DriverManager.getConnection(admin); Statement st = a.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    static void run(DemoScale scale, double fraction, String url) throws Exception {
        Workload workload;
        try (InputStream in = AdvisorStatesBenchmark.class.getResourceAsStream("/ecommerce-16.sql")) {
            workload = Workload.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "ecommerce-16.sql");
        }
        try (DataFlow db = DataFlow.configure().environment(n -> null).url(url).pool(1, 2, 30).open()) {
            exec(db, "CREATE EXTENSION IF NOT EXISTS hypopg");
            db.registerAll(GuideDemo.models().stream().map(m -> new ModelSpec(m.name(), m.table(), m.fields(), List.of(),
                    m.partitioning(), m.optimisticLock(), m.retryOnConflict())).toList());
            db.sync();
            long t0 = System.nanoTime();
            GuideDemo.generate(db, scale);
            long dataBytes = longValue(db, "SELECT sum(pg_table_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' AND c.relkind = 'r'");
            long budget = (long) (fraction * dataBytes);
            System.out.printf("%s demo data loaded in %.1f s; data %.1f MB; budget %.1f MB (%.2fx); %s%n", scale.label(), (System.nanoTime() - t0) / 1e9,
                    dataBytes / 1048576.0, budget / 1048576.0, fraction, value(db, "SELECT version()").replaceFirst(" on .*", ""));
            System.out.println("| state | advisor | indexes | index size | measured ms (weighted) | time reduction | advising time |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (String state : List.of("just loaded", "statistics reset", "after the workload ran")) {
                if (state.equals("statistics reset")) exec(db, "SELECT pg_stat_reset()");
                if (state.equals("after the workload ran")) {
                    for (int round = 0; round < 3; round++) {
                        for (WorkloadQuery q : workload.queries()) {
                            for (int i = 0; i < Math.max(1, (int) q.weight() / 5); i++) exec(db, q.sql());
                        }
                    }
                }
                AdvisorOptions options = AdvisorOptions.defaults().budgetBytes(budget).maxIndexes(100);
                long a0 = System.nanoTime();
                AdvisorReport report = db.advisor().advise(workload, options);
                double adviseS = (System.nanoTime() - a0) / 1e9;
                long d0 = System.nanoTime();
                DexterStyleAdvisor.Result dexter = DexterStyleAdvisor.advise(db.dataSource(), workload, budget, WhatIf.Mode.AUTO);
                double dexterS = (System.nanoTime() - d0) / 1e9;
                double base = measuredWith(db, workload, List.of());
                double ours = measuredWith(db, workload, report.indexes().stream().map(AdvisedIndex::sql).toList());
                long oursBytes = lastBytes;
                double theirs = measuredWith(db, workload, dexter.indexes().stream().map(ix -> ix.ddl(null, false)).toList());
                long theirsBytes = lastBytes;
                System.out.printf(Locale.ROOT, "| %s | none | 0 | 0 | %.1f | | |%n", state, base);
                System.out.printf(Locale.ROOT, "| %s | DataFlow advisor | %d | %.1f MB | %.1f | %.1f%% | %.1f s |%n", state, report.indexes().size(),
                        oursBytes / 1048576.0, ours, 100 * (1 - ours / base), adviseS);
                System.out.printf(Locale.ROOT, "| %s | Dexter-style | %d | %.1f MB | %.1f | %.1f%% | %.1f s |%n", state, dexter.indexes().size(),
                        theirsBytes / 1048576.0, theirs, 100 * (1 - theirs / base), dexterS);
                System.out.println("  state: writes " + report.state().writes() + "; warnings " + report.state().warnings());
                report.indexes().forEach(i -> System.out.println("  advisor: " + i.sql()));
                dexter.indexes().forEach(i -> System.out.println("  dexter:  " + i));
                report.rejected().stream().limit(8).forEach(r -> System.out.printf(Locale.ROOT, "  rejected %s %s benefit %.0f write %.0f%n",
                        r.reason(), r.index(), r.benefit(), r.writeCost()));
            }
        }
    }

    private static long lastBytes;

    /** Builds the indexes, measures Σ weight x best-of-3 execution ms (DML rolled back), drops them. */
    private static double measuredWith(DataFlow db, Workload workload, List<String> ddl) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(true);
            IndexConfigRunner.dropSecondary(c);
            try (Statement st = c.createStatement()) {
                for (String sql : ddl) st.execute(sql.replace("CREATE INDEX CONCURRENTLY", "CREATE INDEX"));
                st.execute("ANALYZE");
            }
        }
        lastBytes = longValue(db, "SELECT coalesce(sum(pg_relation_size(i.indexrelid)), 0) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'"
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)");
        try {
            double total = 0;
            for (WorkloadQuery q : workload.queries()) {
                double best = Double.MAX_VALUE;
                for (int i = 0; i < 3; i++) best = Math.min(best, db.plans().analyze(q.sql()).executionMs());
                total += q.weight() * best;
            }
            return total;
        } finally {
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(true);
                IndexConfigRunner.dropSecondary(c);
            }
        }
    }

    private static void exec(DataFlow db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            if (!c.getAutoCommit()) c.setAutoCommit(true);
            st.execute(sql);
        }
    }

    private static String value(DataFlow db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long longValue(DataFlow db, String sql) throws Exception {
        return Long.parseLong(value(db, sql));
    }
}
