package io.dataflow.it.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.TestServers;
import io.dataflow.plan.PlanOptions;
import io.dataflow.rewrite.Optimization;
import io.dataflow.rewrite.RewriteOptions;
import io.dataflow.rewrite.RewriteReport;
import io.dataflow.rewrite.Transformation;
import io.dataflow.rewrite.VerifyOptions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The correlated shapes PostgreSQL leaves as SubPlans, on the live database with users without orders,
 * orders without a user, NULL totals and duplicates: each rewritten and verified equal, or declined with
 * the reason; and "already optimal" never said of a construct the plan runs per row.
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class SubPlanRewriteIT {

    static final String EXISTS_OFFSET = "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id OFFSET 8)";
    static final String NESTED_AVG = "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id"
            + " AND o.total > (SELECT AVG(o2.total) FROM orders o2 WHERE o2.user_id = u.id))";

    final TestServers.Server server;
    RewriteDatabase data;

    SubPlanRewriteIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void open() {
        data = RewriteDatabase.shared(server);
    }

    RewriteReport optimize(String sql, Optimization o) {
        RewriteReport r = data.flow.rewriter().optimize(sql, RewriteOptions.defaults().optimization(o).verifyOptions(VerifyOptions.defaults().runs(1)));
        System.out.println(sql + "\n→ " + r.rewritten() + "\n  " + r.transformations() + "\n  " + r.warnings());
        return r;
    }

    boolean planHasSubPlan(String sql) {
        return data.flow.plans().analyze(sql, PlanOptions.defaults().analyze(false)).plan().flatten().stream()
                .anyMatch(n -> "SubPlan".equals(n.parentRelationship()));
    }

    void rewrittenAndEqual(String sql, Optimization o, String kind) {
        RewriteReport r = optimize(sql, o);
        assertThat(r.transformations()).as(sql + "\n" + r.warnings()).extracting(Transformation::kind).contains(kind);
        assertThat(r.equivalent()).as(sql + "\n→ " + r.rewritten() + "\n" + r.firstDifference()).isTrue();
        assertThat(planHasSubPlan(r.rewritten())).as("the rewrite runs no subquery per row: " + r.rewritten()).isFalse();
    }

    @Test
    void alreadyOptimalIsNeverSaidOfAConstructThePlanRunsPerRow() {
        for (String sql : List.of(EXISTS_OFFSET, NESTED_AVG,
                "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.total > (SELECT AVG(o2.total)"
                        + " FROM orders o2 WHERE o2.user_id + 0 = u.id))",
                "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id > u.id OFFSET 3)")) {
            assertThat(planHasSubPlan(sql)).as("PostgreSQL runs a SubPlan for " + sql).isTrue();
            for (Optimization o : Optimization.values()) {
                RewriteReport r = optimize(sql, o);
                assertThat(r.warnings()).as(o + ": " + sql).noneMatch(w -> w.contains("already optimal") || w.contains("nothing to rewrite"));
                if (r.transformations().isEmpty()) {
                    assertThat(r.warnings()).as("what the plan does, for " + o + ": " + sql).anyMatch(w -> w.contains("SubPlan"));
                }
            }
        }
        for (String plain : List.of("SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)",
                "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id LIMIT 5)")) {
            assertThat(planHasSubPlan(plain)).as("PostgreSQL semi-joins " + plain).isFalse();
            assertThat(optimize(plain, Optimization.EXISTS_TO_SEMIJOIN).warnings()).anyMatch(w -> w.contains("runs no SubPlan") && w.contains("already optimal"));
        }
    }

    @Test
    void existsWithOffsetIsAGroupedCount() {
        rewrittenAndEqual(EXISTS_OFFSET, Optimization.AUTO, "exists_offset_to_having");
        for (String sql : List.of(
                "SELECT u.id, u.name FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.total IS NOT NULL LIMIT 5 OFFSET 3)",
                "SELECT u.id FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id OFFSET 8)",
                "SELECT u.id FROM users u WHERE u.region IS NULL OR EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.region = u.region OFFSET 2)",
                "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id ORDER BY o.id OFFSET 0)")) {
            rewrittenAndEqual(sql, Optimization.EXISTS_TO_SEMIJOIN, "exists_offset_to_having");
        }
        assertThat(data.db.value("SELECT count(*) FROM (" + EXISTS_OFFSET + ") q")).as("some users have more than 8 orders").isNotEqualTo("0");
        RewriteReport declined = optimize("SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id > u.id OFFSET 3)",
                Optimization.EXISTS_TO_SEMIJOIN);
        assertThat(declined.transformations()).isEmpty();
        assertThat(declined.warnings()).anyMatch(w -> w.contains("runs SubPlan") && w.contains("is not an equality"));
    }

    @Test
    void nestedCorrelatedAggregatesAreGroupedOnce() {
        rewrittenAndEqual(NESTED_AVG, Optimization.AUTO, "decorrelate");
        rewrittenAndEqual("SELECT u.id FROM users u WHERE u.id IN (SELECT o.user_id FROM orders o WHERE o.quantity >= (SELECT MAX(o2.quantity)"
                + " FROM orders o2 WHERE o2.user_id = o.user_id AND o2.status = 'paid'))", Optimization.DECORRELATE, "decorrelate");
        rewrittenAndEqual("SELECT u.id, o.id AS order_id FROM users u JOIN orders o ON o.user_id = u.id AND o.total < (SELECT AVG(o2.total)"
                + " FROM orders o2 WHERE o2.user_id = u.id)", Optimization.DECORRELATE, "decorrelate");
        rewrittenAndEqual("SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND (SELECT COUNT(*)"
                + " FROM orders o2 WHERE o2.user_id = u.id AND o2.total IS NULL) < 2)", Optimization.AUTO, "decorrelate");
        RewriteReport declined = optimize("SELECT u.id, o.id AS order_id FROM users u LEFT JOIN orders o ON o.user_id = u.id AND o.total <"
                + " (SELECT AVG(o2.total) FROM orders o2 WHERE o2.user_id = u.id)", Optimization.DECORRELATE);
        assertThat(declined.transformations()).isEmpty();
        assertThat(declined.warnings()).anyMatch(w -> w.contains("SubPlan") && w.contains("once per row"));
    }

    @Test
    void allAndAnyBecomeMaxAndMin() {
        for (String sql : List.of(
                "SELECT u.id FROM users u WHERE u.id > ALL (SELECT o.quantity FROM orders o WHERE o.user_id = u.id)",
                "SELECT u.id FROM users u WHERE u.id * 2 >= ALL (SELECT o.total / 10 FROM orders o WHERE o.user_id = u.id AND o.status = 'paid')",
                "SELECT u.id FROM users u WHERE 3 < ALL (SELECT o.quantity FROM orders o WHERE o.user_id = u.id)",
                "SELECT u.id FROM users u WHERE u.id < ANY (SELECT o.total FROM orders o WHERE o.user_id = u.id)",
                "SELECT u.id FROM users u WHERE u.region = 'a' OR 2 > SOME (SELECT o.quantity FROM orders o WHERE o.user_id = u.id)",
                "SELECT * FROM users u WHERE 20 <= ALL (SELECT o.total FROM orders o WHERE o.user_id = u.id AND o.region = u.region)")) {
            rewrittenAndEqual(sql, Optimization.DECORRELATE, "quantified_to_aggregate");
        }
        assertThat(data.db.value("SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)"))
                .as("empty sets: ALL is true there").isNotEqualTo("0");
        RewriteReport declined = optimize("SELECT u.id, u.id > ALL (SELECT o.quantity FROM orders o WHERE o.user_id = u.id) AS above FROM users u",
                Optimization.DECORRELATE);
        assertThat(declined.transformations()).isEmpty();
        assertThat(declined.warnings()).anyMatch(w -> w.contains("only those positions are rewritten"));
    }

    @Test
    void latestRowPerUserIsVerifiedAndOfferedOnlyWhenFaster() {
        String sql = "SELECT u.id, (SELECT o.total FROM orders o WHERE o.user_id = u.id ORDER BY o.created_at DESC, o.id DESC LIMIT 1) AS last_total,"
                + " u.name FROM users u";
        RewriteReport r = optimize(sql, Optimization.DECORRELATE);
        assertThat(r.equivalent()).as(r.rewritten() + " / " + r.rejected() + "\n" + r.firstDifference()).isTrue();
        if (r.transformations().isEmpty()) {
            assertThat(r.rejected()).contains("o_latest");
            assertThat(r.warnings()).anyMatch(w -> w.contains("not faster here") && w.contains("not offered"));
            assertThat(r.rewritten()).isEqualTo(sql);
        } else {
            assertThat(r.transformations()).extracting(Transformation::kind).containsExactly("latest_row");
            assertThat(r.transformations().get(0).description()).contains("estimated cost");
            assertThat(r.timeAfterMs()).isLessThan(r.timeBeforeMs());
        }
        RewriteReport ties = optimize("SELECT u.id, (SELECT o.total FROM orders o WHERE o.user_id = u.id ORDER BY o.status LIMIT 1) FROM users u",
                Optimization.DECORRELATE);
        assertThat(ties.transformations()).isEmpty();
        assertThat(ties.warnings()).anyMatch(w -> w.contains("ORDER BY can tie"));
    }

    @Test
    void aLaterRunPastTheTimeoutIsReportedAsTimeoutNotACrash() {
        // first run fast, later runs sleep past the timeout (a counter in a setting, reverted with each timed-out run)
        String slowLater = "SELECT 1 AS x FROM (SELECT set_config('dataflow_test.runs', (COALESCE(NULLIF(current_setting('dataflow_test.runs', true), ''),"
                + " '0')::int + 1)::text, false) AS n) s, pg_sleep(CASE WHEN s.n::int > 1 THEN 2 ELSE 0 END)";
        io.dataflow.rewrite.Verification v = data.flow.rewriter().verify(slowLater, "SELECT 1 AS x",
                VerifyOptions.defaults().timeout(java.time.Duration.ofMillis(400)).runs(3));
        assertThat(v.equivalent()).as("the first run's rows were compared").isTrue();
        assertThat(v.timeBeforeMs()).isNull();
        assertThat(v.timeAfterMs()).isNotNull();
        assertThat(v.warnings()).anyMatch(w -> w.contains("a later run of the original passed the timeout"));
    }

    @Test
    void severalAggregatesOverOneCorrelationShareOneDerivedTable() {
        String sql = "SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id), (SELECT SUM(o.total) FROM orders o WHERE o.user_id = u.id)"
                + " AS spent, (SELECT AVG(o.total) FROM orders o WHERE o.user_id = u.id), (SELECT MAX(o.created_at) FROM orders o WHERE o.user_id = u.id)"
                + " FROM users u ORDER BY u.id";
        RewriteReport r = optimize(sql, Optimization.DECORRELATE);
        assertThat(r.transformations()).hasSize(1);
        assertThat(r.rewritten()).containsOnlyOnce("GROUP BY");
        assertThat(r.equivalent()).as(r.rejected() + "\n" + r.firstDifference()).isTrue();
        assertThat(planHasSubPlan(r.rewritten())).isFalse();
        RewriteReport declined = optimize("SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id), (SELECT SUM(o.total) FROM orders o"
                + " WHERE o.user_id = u.id) FROM users u, products p WHERE p.id = 1", Optimization.DECORRELATE);
        assertThat(declined.transformations()).isEmpty();
        assertThat(declined.warnings()).anyMatch(w -> w.contains("lists tables with commas"));
    }
}
