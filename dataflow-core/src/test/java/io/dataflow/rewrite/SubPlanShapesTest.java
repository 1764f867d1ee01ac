package io.dataflow.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shapes PostgreSQL leaves as SubPlans, on parse trees (the ITs prove the results equal on PostgreSQL). */
class SubPlanShapesTest {

    /** A plan that runs one SubPlan per row over orders aliased o / o2. */
    static final CapturedPlan SUBPLAN = new CapturedPlan(2_031_049, List.of(
            new CapturedPlan.SubPlan("SubPlan 1", Set.of("o", "o2", "orders"), "the Filter of Seq Scan on users u", 538)));
    static final CapturedPlan NO_SUBPLAN = new CapturedPlan(120, List.of());

    static Rewrite rewrite(String sql, Optimization o, CapturedPlan plan) {
        Rewrite r = new QueryRewriter(QueryRewriterTest.SCHEMA, s -> plan).rewrite(sql, o);
        System.out.println(r.rewritten() + "\n  " + r.transformations() + "\n  " + r.warnings());
        return r;
    }

    static String flat(String sql) {
        return sql.replaceAll("\\s+", " ");
    }

    @Test
    void alreadyOptimalOnlyFromAPlanWithoutASubPlanForTheConstruct() {
        String exists = "SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)";
        assertThat(rewrite(exists, Optimization.AUTO, NO_SUBPLAN).warnings()).anyMatch(w -> w.contains("already optimal"));
        Rewrite noPlan = rewrite(exists, Optimization.AUTO, null);
        assertThat(noPlan.warnings()).noneMatch(w -> w.contains("already optimal") || w.contains("nothing to rewrite"))
                .anyMatch(w -> w.contains("no plan could be read"));
        Rewrite nested = rewrite("SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.total >"
                + " (SELECT AVG(o2.total) FROM orders o2 WHERE o2.user_id + 0 = u.id))", Optimization.EXISTS_TO_SEMIJOIN, SUBPLAN);
        assertThat(nested.warnings()).noneMatch(w -> w.contains("already optimal") || w.contains("nothing to rewrite"))
                .anyMatch(w -> w.contains("SubPlan 1 (run once per row, in the Filter of Seq Scan on users u") && w.contains("not rewritten"));
        Rewrite decorrelateOnly = rewrite("SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id OFFSET 15)",
                Optimization.DECORRELATE, SUBPLAN);
        assertThat(decorrelateOnly.warnings()).noneMatch(w -> w.contains("nothing to rewrite"))
                .anyMatch(w -> w.contains("the plan runs SubPlan 1") && w.contains("try optimization auto"));
        assertThat(rewrite("SELECT id FROM users WHERE id = 3", Optimization.DECORRELATE, NO_SUBPLAN).warnings())
                .containsExactly("decorrelate: nothing to rewrite in this query: its plan runs no subquery per row (no SubPlan)");
    }

    @Test
    void aConstructThePlanShowsUnderOtherNamesIsNotCalledOptimalWhileThePlanHasSubPlans() {
        // a view: the plan scans its tables (orders o), never "recent"
        CapturedPlan plan = new CapturedPlan(500, List.of(new CapturedPlan.SubPlan("SubPlan 1", Set.of("o", "orders"), "the Filter of Seq Scan on users u", 9)),
                Set.of("u", "users", "o", "orders"));
        String sql = "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM recent r WHERE r.user_id = u.id)";
        assertThat(rewrite(sql, Optimization.EXISTS_TO_SEMIJOIN, plan).warnings()).noneMatch(w -> w.contains("already optimal"))
                .anyMatch(w -> w.contains("SubPlan 1"));
        CapturedPlan none = new CapturedPlan(500, List.of(), Set.of("u", "users", "o", "orders"));
        assertThat(rewrite(sql, Optimization.EXISTS_TO_SEMIJOIN, none).warnings()).anyMatch(w -> w.contains("already optimal"));
        CapturedPlan elsewhere = new CapturedPlan(500, List.of(new CapturedPlan.SubPlan("SubPlan 1", Set.of("p"), "the output of Seq Scan on users u", 9)),
                Set.of("u", "users", "o", "orders", "p"));
        assertThat(rewrite("SELECT u.id, (SELECT max(p.id) FROM users p WHERE p.name = u.name) FROM users u WHERE EXISTS (SELECT 1 FROM"
                + " orders o WHERE o.user_id = u.id)", Optimization.EXISTS_TO_SEMIJOIN, elsewhere).warnings())
                .as("a SubPlan of another construct").anyMatch(w -> w.contains("EXISTS") && w.contains("already optimal"));
    }

    @Test
    void existsWithOffsetBecomesAGroupedCount() {
        Rewrite r = rewrite("SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status = 'paid' OFFSET 15)"
                + " AND u.region = 'a'", Optimization.EXISTS_TO_SEMIJOIN, SUBPLAN);
        assertThat(flat(r.rewritten())).isEqualTo("SELECT u.id FROM users u INNER JOIN (SELECT o.user_id FROM orders o WHERE o.status = 'paid'"
                + " GROUP BY o.user_id HAVING COUNT(*) > 15) o_counted ON o_counted.user_id = u.id WHERE u.region = 'a'");
        assertThat(r.transformations()).extracting(Transformation::kind).containsExactly("exists_offset_to_having");
        Rewrite not = rewrite("SELECT u.id FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id LIMIT 1 OFFSET 2)",
                Optimization.EXISTS_TO_SEMIJOIN, SUBPLAN);
        assertThat(flat(not.rewritten())).isEqualTo("SELECT u.id FROM users u LEFT JOIN (SELECT o.user_id FROM orders o GROUP BY o.user_id"
                + " HAVING COUNT(*) > 2) o_counted ON o_counted.user_id = u.id WHERE NOT (o_counted.user_id IS NOT NULL)");
        Rewrite limitZero = rewrite("SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id LIMIT 0 OFFSET 2)",
                Optimization.EXISTS_TO_SEMIJOIN, SUBPLAN);
        assertThat(limitZero.changed()).isFalse();
        assertThat(limitZero.warnings()).anyMatch(w -> w.contains("LIMIT 0"));
        Rewrite param = rewrite("SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id > u.id OFFSET 2)",
                Optimization.EXISTS_TO_SEMIJOIN, SUBPLAN);
        assertThat(param.changed()).isFalse();
        assertThat(param.warnings()).anyMatch(w -> w.contains("runs SubPlan 1") && w.contains("is not an equality"));
    }

    @Test
    void nestedAggregateCorrelatedWithTheEnclosingQueryIsGroupedInsideTheExists() {
        Rewrite r = rewrite("SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.total >"
                + " (SELECT AVG(o2.total) FROM orders o2 WHERE o2.user_id = u.id))", Optimization.AUTO, SUBPLAN);
        assertThat(flat(r.rewritten())).isEqualTo("SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o INNER JOIN (SELECT o2.user_id,"
                + " AVG(o2.total) AS avg_total FROM orders o2 GROUP BY o2.user_id) o2_agg ON o2_agg.user_id = o.user_id WHERE o.user_id = u.id"
                + " AND o.total > o2_agg.avg_total)");
        assertThat(r.transformations().get(0).description()).contains("u.id read as o.user_id");
        Rewrite in = rewrite("SELECT u.id FROM users u WHERE u.id IN (SELECT o.user_id FROM orders o WHERE o.total >"
                + " (SELECT AVG(o2.total) FROM orders o2 WHERE o2.user_id = o.user_id))", Optimization.DECORRELATE, SUBPLAN);
        assertThat(flat(in.rewritten())).contains("FROM orders o INNER JOIN (SELECT o2.user_id, AVG(o2.total) AS avg_total FROM orders o2 GROUP BY o2.user_id)");
        Rewrite join = rewrite("SELECT u.id, o.id AS order_id FROM users u JOIN orders o ON o.user_id = u.id AND o.total > (SELECT AVG(o2.total)"
                + " FROM orders o2 WHERE o2.user_id = u.id)", Optimization.DECORRELATE, SUBPLAN);
        assertThat(flat(join.rewritten())).isEqualTo("SELECT u.id, o.id AS order_id FROM users u JOIN orders o ON o.user_id = u.id INNER JOIN"
                + " (SELECT o2.user_id, AVG(o2.total) AS avg_total FROM orders o2 GROUP BY o2.user_id) o2_agg ON o2_agg.user_id = u.id WHERE o.total >"
                + " o2_agg.avg_total");
        Rewrite leftJoin = rewrite("SELECT u.id, o.id AS order_id FROM users u LEFT JOIN orders o ON o.user_id = u.id AND o.total > (SELECT AVG(o2.total)"
                + " FROM orders o2 WHERE o2.user_id = u.id)", Optimization.DECORRELATE, SUBPLAN);
        assertThat(leftJoin.changed()).isFalse();
        assertThat(leftJoin.warnings()).anyMatch(w -> w.contains("SubPlan 1"));
    }

    @Test
    void allAndAnyBecomeMaxAndMinWithTheirEmptySetAndNullRules() {
        Rewrite all = rewrite("SELECT u.id FROM users u WHERE u.id * 10 > ALL (SELECT o.total FROM orders o WHERE o.user_id = u.id)",
                Optimization.DECORRELATE, SUBPLAN);
        assertThat(flat(all.rewritten())).isEqualTo("SELECT u.id FROM users u LEFT JOIN (SELECT o.user_id, MAX(o.total) AS max_value, COUNT(*) AS n,"
                + " COUNT(o.total) AS n_value FROM orders o GROUP BY o.user_id) o_max ON o_max.user_id = u.id WHERE (o_max.n IS NULL OR o_max.n ="
                + " o_max.n_value AND (u.id * 10) > o_max.max_value)");
        Rewrite any = rewrite("SELECT u.id FROM users u WHERE u.region = 'a' OR u.id < ANY (SELECT o.quantity FROM orders o WHERE o.user_id = u.id"
                + " AND o.status = 'paid')", Optimization.DECORRELATE, SUBPLAN);
        assertThat(flat(any.rewritten())).isEqualTo("SELECT u.id FROM users u LEFT JOIN (SELECT o.user_id, MAX(o.quantity) AS max_value FROM orders o"
                + " WHERE o.status = 'paid' GROUP BY o.user_id) o_max ON o_max.user_id = u.id WHERE u.region = 'a' OR (u.id < o_max.max_value)");
        Rewrite under = rewrite("SELECT u.id FROM users u WHERE NOT (u.id > ALL (SELECT o.total FROM orders o WHERE o.user_id = u.id))",
                Optimization.DECORRELATE, SUBPLAN);
        assertThat(under.changed()).isFalse();
        assertThat(under.warnings()).anyMatch(w -> w.contains("NULL") && w.contains("only those positions"));
        Rewrite eq = rewrite("SELECT u.id FROM users u WHERE u.id = ALL (SELECT o.quantity FROM orders o WHERE o.user_id = u.id)",
                Optimization.DECORRELATE, SUBPLAN);
        assertThat(eq.warnings()).anyMatch(w -> w.contains("no MIN/MAX form"));
    }

    @Test
    void latestRowPerOuterRowNeedsAnOrderThatPicksOneRow() {
        Rewrite r = rewrite("SELECT u.id, (SELECT o.total FROM orders o WHERE o.user_id = u.id ORDER BY o.created_at DESC, o.id DESC LIMIT 1)"
                + " FROM users u", Optimization.DECORRELATE, null);
        assertThat(flat(r.rewritten())).isEqualTo("SELECT u.id, o_latest.total AS total FROM users u LEFT JOIN (SELECT DISTINCT ON (o.user_id)"
                + " o.user_id, o.total AS total FROM orders o ORDER BY o.user_id, o.created_at DESC, o.id DESC) o_latest ON o_latest.user_id = u.id");
        assertThat(r.transformations()).extracting(Transformation::kind).containsExactly("latest_row");
        Rewrite lateral = new QueryRewriter(QueryRewriterTest.SCHEMA, s -> new CapturedPlan(s.contains("LATERAL") ? 10 : 20, List.of()))
                .rewrite("SELECT u.id, (SELECT o.total FROM orders o WHERE o.user_id = u.id ORDER BY o.created_at DESC, o.id DESC LIMIT 1) AS last_total"
                        + " FROM users u", Optimization.DECORRELATE);
        assertThat(flat(lateral.rewritten())).isEqualTo("SELECT u.id, o_latest.last_total AS last_total FROM users u LEFT JOIN LATERAL(SELECT"
                + " o.total AS last_total FROM orders o WHERE o.user_id = u.id ORDER BY o.created_at DESC, o.id DESC LIMIT 1) o_latest ON true");
        assertThat(lateral.transformations().get(0).description()).contains("estimated cost 20 for DISTINCT ON against 10 for LEFT JOIN LATERAL");
        Rewrite ties = rewrite("SELECT u.id, (SELECT o.total FROM orders o WHERE o.user_id = u.id ORDER BY o.created_at DESC LIMIT 1) FROM users u",
                Optimization.DECORRELATE, SUBPLAN);
        assertThat(ties.changed()).isFalse();
        assertThat(ties.warnings()).anyMatch(w -> w.contains("ORDER BY can tie") && w.contains("add id"));
    }

    static Verification timed(Boolean equivalent, Double before, Double after) {
        return new Verification(equivalent, false, 1L, 1L, null, 10.0, 5.0, before, after, 30_000, after == null ? null : (before == null ? 30_000 : before) / after,
                List.of());
    }

    @Test
    void aLatestRowRewriteIsOfferedOnlyWhenMeasuredFaster() {
        List<Transformation> latest = List.of(new Transformation("latest_row", "..."));
        assertThat(Rewriter.withheldForSpeed(latest, timed(true, 100.0, 120.0))).as("slower").isTrue();
        assertThat(Rewriter.withheldForSpeed(latest, timed(true, 100.0, 100.0))).as("as fast").isTrue();
        assertThat(Rewriter.withheldForSpeed(latest, timed(true, 100.0, 60.0))).as("faster").isFalse();
        assertThat(Rewriter.withheldForSpeed(latest, timed(true, null, 60.0))).as("the original timed out").isFalse();
        assertThat(Rewriter.withheldForSpeed(latest, timed(null, 100.0, null))).as("the rewrite timed out").isTrue();
        assertThat(Rewriter.withheldForSpeed(latest, timed(false, 100.0, 60.0))).as("not equivalent: rejected by the equivalence rule, not this one").isFalse();
        assertThat(Rewriter.withheldForSpeed(List.of(new Transformation("decorrelate", "...")), timed(true, 100.0, 120.0)))
                .as("other rewrites keep the 'not faster here' note instead").isFalse();
    }

    @Test
    void severalAggregatesOverTheSameCorrelationShareOneDerivedTable() {
        Rewrite r = rewrite("SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id), (SELECT SUM(o.total) FROM orders o WHERE"
                + " o.user_id = u.id) AS spent, (SELECT MAX(o.created_at) FROM orders o WHERE o.user_id = u.id) FROM users u",
                Optimization.DECORRELATE, SUBPLAN);
        assertThat(flat(r.rewritten())).isEqualTo("SELECT u.id, COALESCE(o_agg.count, 0) AS count, o_agg.sum_total AS spent, o_agg.max_created_at AS max"
                + " FROM users u LEFT JOIN (SELECT o.user_id, COUNT(*) AS count, SUM(o.total) AS sum_total, MAX(o.created_at) AS max_created_at"
                + " FROM orders o GROUP BY o.user_id) o_agg ON o_agg.user_id = u.id");
        assertThat(r.transformations()).hasSize(1);
        Rewrite different = rewrite("SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id), (SELECT SUM(o.total) FROM orders o WHERE"
                + " o.user_id = u.id AND o.status = 'paid') FROM users u", Optimization.DECORRELATE, SUBPLAN);
        assertThat(different.transformations()).hasSize(2);
    }
}
