package io.dataflow.it.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.plan.Finding;
import io.dataflow.plan.PlanException;
import io.dataflow.plan.PlanNode;
import io.dataflow.plan.PlanOptions;
import io.dataflow.plan.QueryPlan;
import io.dataflow.plan.TypedValue;
import io.dataflow.it.TestServers;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.WorkflowBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Plan capture on real servers: the guide's query, rolled-back DML, timeouts, refusals, the node. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class PlanAnalyzeIT extends DemoCopyTest {


    PlanAnalyzeIT(TestServers.Server server) {
        super(server);
    }

    @Test
    void theGuideQueryIsExecutedAndItsTreeTypedWithFindings() {
        QueryPlan plan = flow.plans().analyze(DemoFixture.GUIDE_QUERY, PlanOptions.defaults().param("start_date", DemoFixture.startDate()));
        assertThat(plan.analyzed()).isTrue();
        assertThat(plan.modifiesData()).isFalse();
        assertThat(plan.paramTypes()).containsEntry("start_date", "timestamptz");
        assertThat(plan.executionMs()).isPositive();
        assertThat(plan.totalCost()).isEqualTo(plan.plan().totalCost()).isPositive();
        assertThat(plan.plan().nodeType()).isEqualTo("Limit");
        PlanNode scan = plan.plan().flatten().stream().filter(n -> "orders".equals(n.relation())).findFirst().orElseThrow();
        assertThat(scan.nodeType()).endsWith("Seq Scan");
        assertThat(scan.alias()).isEqualTo("o");
        assertThat(scan.filter()).contains("completed");
        assertThat(scan.rowsRemovedByFilter()).isPositive();
        assertThat(scan.buffers()).isNotNull();
        assertThat(scan.output()).isNotEmpty(); // verbose
        assertThat(plan.plan().flatten()).allSatisfy(n -> assertThat(n.loops()).isNotNull());
        assertThat(plan.plan().flatten()).anyMatch(n -> n.sortMethod() != null);
        // most of the orders are older than 30 days: the scan's filter discards them
        assertThat(plan.findings()).extracting(Finding::kind).contains("seq_scan_filter", "slowest_node");
        Finding seq = plan.findings().stream().filter(f -> f.kind().equals("seq_scan_filter")).findFirst().orElseThrow();
        assertThat(plan.node(seq.nodeId())).contains(scan);
    }

    @Test
    void explicitTypesAndEstimatedPlans() {
        QueryPlan plan = flow.plans().analyze("SELECT count(*) FROM orders WHERE created_at >= :d::date - 1",
                PlanOptions.defaults().analyze(false).param("d", new TypedValue("date", "2026-01-01")));
        assertThat(plan.analyzed()).isFalse();
        assertThat(plan.executionMs()).isNull();
        assertThat(plan.paramTypes()).containsEntry("d", "date");
        assertThat(plan.plan().executed()).isFalse();
        assertThatThrownBy(() -> flow.plans().analyze("SELECT :x::text", PlanOptions.defaults().param("x", new TypedValue("no_such_type", "1"))))
                .hasMessageContaining("unknown type 'no_such_type'");
        assertThatThrownBy(() -> flow.plans().analyze(DemoFixture.GUIDE_QUERY)).hasMessageContaining(":start_date");
    }

    @Test
    void dataModifyingStatementsAreRolledBack() {
        String before = db.value("SELECT count(*) FROM orders");
        QueryPlan delete = flow.plans().analyze("DELETE FROM orders");
        assertThat(delete.modifiesData()).isTrue();
        assertThat(delete.analyzed()).isTrue();
        assertThat(delete.plan().nodeType()).isEqualTo("Delete");
        assertThat(delete.plan().children().get(0).actualRows()).isEqualTo(Double.parseDouble(before));
        QueryPlan cte = flow.plans().analyze("WITH d AS (UPDATE orders SET total = 0 WHERE status = 'pending' RETURNING id) SELECT count(*) FROM d");
        assertThat(cte.modifiesData()).isTrue();
        flow.plans().analyze("SELECT * FROM users WHERE id = 1 FOR UPDATE");
        assertThat(db.value("SELECT count(*) FROM orders")).isEqualTo(before);
        assertThat(db.value("SELECT count(*) FROM orders WHERE total = 0")).isEqualTo("0");
        assertThat(openTransactions()).isZero();
    }

    @Test
    void anOrmSizedOrChainIsAnalyzedWithJitOffAndSaysSo() {
        // PostgreSQL's JIT can compile a huge expression for minutes, deaf to cancel: the analysis turns it off
        String chain = String.join(" OR ", java.util.stream.IntStream.range(0, 2_000)
                .mapToObj(i -> "(user_id = " + i + " AND status = 'pending')").toList());
        QueryPlan plan = flow.plans().analyze("SELECT id FROM orders WHERE " + chain);
        assertThat(plan.analyzed()).isTrue();
        Finding jit = plan.findings().stream().filter(f -> f.kind().equals("jit_disabled")).findFirst().orElseThrow();
        assertThat(jit.evidence().get("boolean_terms")).isEqualTo(3_999);
        assertThat(jit.message()).contains("3999 AND/OR terms");

        QueryPlan small = flow.plans().analyze("SELECT id FROM orders WHERE user_id = 1 OR status = 'pending'");
        assertThat(small.findings()).extracting(Finding::kind).doesNotContain("jit_disabled");
    }

    @Test
    void anAnalysisPastItsTimeoutIsStoppedAndReported() {
        QueryPlan plan = flow.plans().analyze("SELECT pg_sleep(30), count(*) FROM orders",
                PlanOptions.defaults().timeout(Duration.ofMillis(300)));
        assertThat(plan.timedOut()).isTrue();
        assertThat(plan.analyzed()).isFalse();
        assertThat(plan.findings().get(0).kind()).isEqualTo("timed_out");
        assertThat(plan.plan().executed()).isFalse();
        assertThat(openTransactions()).isZero();
        assertThat(db.value("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()")).isEqualTo("0");
    }

    @Test
    void unparsableSqlAndStatementsThatAreNotQueriesAreRefusedWithTheirPosition() {
        assertThatThrownBy(() -> flow.plans().analyze("SELECT * FROM orders WHERE status = = 'x'"))
                .isInstanceOf(PlanException.class).hasMessageContaining("syntax error").hasMessageContaining("position 37")
                .satisfies(e -> assertThat(((PlanException) e).position()).isEqualTo(37));
        assertThatThrownBy(() -> flow.plans().analyze("SELECT nope FROM orders o WHERE o.created_at > :d", PlanOptions.defaults().param("d", "2026-01-01")))
                .hasMessageContaining("nope").satisfies(e -> assertThat(((PlanException) e).position()).isEqualTo(8));
        assertThatThrownBy(() -> flow.plans().analyze("DROP TABLE orders")).hasMessageContaining("'DROP' is not a query");
        assertThatThrownBy(() -> flow.plans().analyze("SELECT 1; DROP TABLE orders")).hasMessageContaining("more than one statement");
        assertThat(db.value("SELECT to_regclass('orders') IS NOT NULL")).isEqualTo("t");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNodeTakesTheGuidesKeys() {
        WorkflowBuilder workflow = flow.workflow();
        workflow.addNode("QueryPlanAnalyzerNode", "analyze_plan", Map.of(
                "query", DemoFixture.GUIDE_QUERY,
                "analyze_options", Map.of("buffers", true, "timing", true, "verbose", true, "format", "json"),
                "params", Map.of("start_date", DemoFixture.startDate())));
        workflow.addNode("QueryOptimizerNode", "optimize", Map.of(
                "plan", ":analyze_plan",
                "suggest", List.of("missing_indexes", "join_order", "filter_pushdown", "materialized_views")));
        Results results = flow.runtime().execute(workflow.build());
        assertThat(results.ok()).as(String.valueOf(results.nodes())).isTrue();
        Map<String, Object> out = results.nodes().get("analyze_plan").output();
        assertThat(out).containsKeys("plan", "total_cost", "execution_ms", "findings", "sql", "params");
        assertThat(((Map<?, ?>) out.get("plan")).get("node_type")).isEqualTo("Limit");
        assertThat((List<?>) out.get("findings")).isNotEmpty();
        Map<String, Object> optimized = results.nodes().get("optimize").output();
        List<?> suggestions = (List<?>) optimized.get("suggestions");
        assertThat(suggestions).isNotEmpty();
        assertThat((Map<String, Object>) suggestions.get(0)).containsKeys("kind", "explanation", "sql", "cost_before", "cost_after", "ms_before", "ms_after")
                .containsEntry("kind", "missing_indexes");
    }

    private long openTransactions() {
        return Long.parseLong(db.value("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND state LIKE 'idle in transaction%'"));
    }
}
