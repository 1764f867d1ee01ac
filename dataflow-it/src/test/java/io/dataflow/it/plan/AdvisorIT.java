package io.dataflow.it.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.Json;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.plan.AdvisedIndex;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.AdvisorReport;
import io.dataflow.plan.IndexCandidate;
import io.dataflow.plan.PlanException;
import io.dataflow.plan.WhatIf;
import io.dataflow.plan.Workload;
import io.dataflow.plan.WorkloadQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The workload advisor on the demo data: the acceptance numbers, the exhaustive optimum, write overhead, refusals. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class AdvisorIT {

    static final Workload GUIDE = Workload.read(Path.of("../examples/guide-workload.sql"));

    final TestServers.Server server;
    TestDatabase db;
    DataFlow flow;

    AdvisorIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void demoCopy() {
        db = DemoFixture.copy(server);
        flow = DataFlow.configure().url(db.url()).pool(1, 0, 10).open();
    }

    @AfterEach
    void drop() {
        flow.close();
        db.close();
    }

    /** Weighted sum of each statement's best-of-3 execution time (DML rolled back). */
    double measuredMs(Workload workload) {
        double total = 0;
        for (WorkloadQuery q : workload.queries()) {
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) best = Math.min(best, flow.plans().analyze(q.sql()).executionMs());
            total += q.weight() * best;
        }
        return total;
    }

    @Test
    void theGuideWorkloadGetsCheaperAndFaster() {
        assertThat(GUIDE.queries()).hasSizeGreaterThanOrEqualTo(15);
        AdvisorReport report = flow.advisor().advise(GUIDE, AdvisorOptions.defaults());
        System.out.println(server + ": " + Json.write(report));
        assertThat(report.whatIf()).isEqualTo(DemoFixture.hasHypoPg(db) ? "hypopg" : "rollback");
        assertThat(report.costReductionPct()).isGreaterThanOrEqualTo(80);
        assertThat(report.indexes()).allSatisfy(i -> assertThat(i.sql()).startsWith("CREATE INDEX CONCURRENTLY"));
        assertThat(report.droppedCandidates()).isEqualTo(report.candidates() - report.indexes().size());
        assertThat(db.value("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'"))
                .isEqualTo("0");
        assertThat(db.value("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'")).isEqualTo("0");

        double before = measuredMs(GUIDE);
        assertThat(flow.advisor().apply(report)).hasSize(report.indexes().size());
        double after = measuredMs(GUIDE);
        System.out.printf("%s: measured %.2f ms -> %.2f ms%n", server, before, after);
        assertThat(after).as("weighted ms before %.2f, after %.2f", before, after).isLessThanOrEqualTo(0.4 * before);

        AdvisorReport again = flow.advisor().advise(GUIDE, AdvisorOptions.defaults());
        assertThat(again.workloadCostBefore()).isCloseTo(report.workloadCostAfter(), org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(again.workloadCostBefore() - again.workloadCostAfter()).as("little left to gain once applied")
                .isLessThan(0.05 * report.workloadCostBefore());
    }

    @Test
    void aSmallWorkloadReachesTheExhaustiveOptimumAtTheSameBudget() {
        Workload small = Workload.parse("""
                -- weight: 10
                SELECT * FROM orders WHERE user_id = 42 ORDER BY created_at DESC LIMIT 20;
                -- weight: 5
                SELECT count(*) FROM orders WHERE status = 'pending' AND product_id = 17;
                -- weight: 3
                SELECT * FROM order_items WHERE product_id = 3 AND created_at > now() - interval '7 days';
                SELECT u.name FROM users u JOIN orders o ON o.user_id = u.id WHERE o.product_id = 250;
                """, "small");
        WhatIf.Mode mode = WhatIf.Mode.AUTO;
        List<IndexCandidate> candidates = flow.advisor().candidates(small);
        Map<IndexCandidate, Long> sizes = flow.advisor().sizes(candidates, mode);
        long budget = sizes.values().stream().sorted().skip(candidates.size() / 2).findFirst().orElseThrow() * 2; // room for ~2 indexes
        AdvisorReport report = flow.advisor().advise(small, AdvisorOptions.defaults().budgetBytes(budget).maxIndexes(candidates.size()).whatIf(mode));
        assertThat(report.indexes().stream().mapToLong(AdvisedIndex::sizeBytes).sum()).isLessThanOrEqualTo(budget);

        List<Set<IndexCandidate>> configs = new ArrayList<>();
        subsets(candidates, sizes, budget, 0, new ArrayList<>(), 0, configs);
        List<Double> costs = flow.advisor().workloadCosts(small, configs, mode);
        double optimum = costs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double before = costs.get(0); // the empty configuration comes first
        double advisorGain = report.workloadCostBefore() - report.workloadCostAfter();
        System.out.printf("%s: %d candidates, %d configurations within %d bytes; optimum %.2f, advisor %.2f, before %.2f%n",
                server, candidates.size(), configs.size(), budget, optimum, report.workloadCostAfter(), before);
        int best = costs.indexOf(optimum);
        System.out.println("optimum: " + configs.get(best) + "\nadvisor: " + report.indexes().stream().map(AdvisedIndex::sql).toList());
        assertThat(advisorGain).isGreaterThanOrEqualTo(0.95 * (before - optimum));
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

    @Test
    void writeHeavyTablesPayForTheirIndexes() {
        String read = "SELECT * FROM order_items WHERE product_id = 3 AND quantity = 2";
        String write = "INSERT INTO order_items (order_id, product_id, quantity, price, created_at) SELECT 1, 3, 2, 9.99, now() FROM generate_series(1, 50)";
        AdvisorReport rareWrites = flow.advisor().advise(Workload.parse("-- weight: 50\n" + read + ";\n" + write + ";", "w"), AdvisorOptions.defaults());
        assertThat(rareWrites.indexes()).extracting(AdvisedIndex::table).contains("order_items");
        AdvisorReport heavyWrites = flow.advisor().advise(Workload.parse(read + ";\n-- weight: 500\n" + write + ";", "w"), AdvisorOptions.defaults());
        assertThat(heavyWrites.indexes()).extracting(AdvisedIndex::table).doesNotContain("order_items");
    }

    @Test
    void genericPlansForPositionalParameters() {
        AdvisorReport report = flow.advisor().advise(Workload.parse("SELECT * FROM orders WHERE user_id = $1 AND status = $2;"
                + "SELECT * FROM users WHERE email = $1", "generic"), AdvisorOptions.defaults());
        assertThat(report.indexes()).extracting(AdvisedIndex::table).contains("orders", "users");
        assertThat(db.value("SELECT count(*) FROM pg_prepared_statements")).isEqualTo("0");
    }

    @Test
    void existingIndexesThatDoNotPayAreReported() {
        db.execute("CREATE INDEX a_user ON orders (user_id)");
        db.execute("CREATE INDEX b_user_status ON orders (user_id, status)");
        db.execute("CREATE INDEX c_user_status ON orders (user_id, status)");
        db.execute("CREATE UNIQUE INDEX d_email ON users (email)");
        db.execute("SELECT * FROM orders WHERE user_id = 1 AND status = 'x'");
        AdvisorReport report = flow.advisor().advise(Workload.parse("SELECT * FROM users WHERE email = 'user3@example.com'", "one"),
                AdvisorOptions.defaults());
        Map<String, String> reasons = new java.util.HashMap<>();
        report.unusedIndexes().forEach(i -> reasons.put(i.index(), i.reason() + (i.other() == null ? "" : " " + i.other())));
        assertThat(reasons).containsEntry("a_user", "prefix b_user_status").containsEntry("c_user_status", "duplicate b_user_status")
                .doesNotContainKey("d_email");
        assertThat(report.indexes()).isEmpty(); // d_email covers the only statement
    }

    @Test
    void aWorkloadFromPgStatStatements() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                db.value("SELECT current_setting('shared_preload_libraries')").contains("pg_stat_statements"),
                "pg_stat_statements is not preloaded on " + server);
        db.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        db.execute("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)");
        for (int i = 1; i <= 20; i++) {
            db.value("SELECT count(*) FROM orders WHERE user_id = " + i + " AND status = 'completed'");
            db.value("SELECT * FROM users WHERE email = 'user" + i + "@example.com'");
        }
        Workload workload = flow.advisor().fromStatStatements(50);
        assertThat(workload.queries()).anySatisfy(q -> {
            assertThat(q.sql()).contains("user_id = $1");
            assertThat(q.weight()).isEqualTo(20);
        });
        AdvisorReport report = flow.advisor().advise(workload, AdvisorOptions.defaults());
        assertThat(report.indexes()).extracting(AdvisedIndex::table).contains("orders", "users");
        assertThat(db.value("SELECT count(*) FROM pg_prepared_statements")).isEqualTo("0");
    }

    @Test
    void statementsThatAreNotQueriesOrDoNotParseAreRefused() {
        assertThatThrownBy(() -> flow.advisor().advise(Workload.parse("SELECT 1; DROP TABLE users", "bad.sql"), AdvisorOptions.defaults()))
                .isInstanceOf(PlanException.class).hasMessageContaining("bad.sql:2").hasMessageContaining("'DROP' is not a query");
        assertThatThrownBy(() -> flow.advisor().advise(Workload.parse("SELECT 1;\nSELECT * FROM users WHERE = 3", "bad.sql"), AdvisorOptions.defaults()))
                .isInstanceOf(PlanException.class).hasMessageContaining("bad.sql:2").hasMessageContaining("position 27");
        assertThat(db.value("SELECT to_regclass('users') IS NOT NULL")).isEqualTo("t");
    }
}
