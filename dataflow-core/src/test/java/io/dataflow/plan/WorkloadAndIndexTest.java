package io.dataflow.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Workload files, candidate DDL and coverage, candidate generation and rewrites: no database needed. */
class WorkloadAndIndexTest {

    @Test
    void workloadFilesSplitOnSemicolonsOutsideStringsAndReadWeights() {
        Workload w = Workload.parse("""
                -- weight: 20
                SELECT * FROM t WHERE a = 'x;y';
                /* a; b */ SELECT 2;
                -- weight: 2.5
                UPDATE t SET a = 1
                """, "w.sql");
        assertThat(w.queries()).extracting(WorkloadQuery::weight).containsExactly(20.0, 1.0, 2.5);
        assertThat(w.queries().get(0).sql()).endsWith("WHERE a = 'x;y'");
        assertThat(w.queries()).extracting(WorkloadQuery::source).containsExactly("w.sql:1", "w.sql:2", "w.sql:3");
        assertThatThrownBy(() -> Workload.parse("-- nothing\n;", "empty.sql")).hasMessageContaining("no statements");
        assertThatThrownBy(() -> Workload.parse("SELECT 'oops", "bad.sql")).hasMessageContaining("bad.sql").hasMessageContaining("unterminated");
        assertThat(AdvisorQueries.positionalParameters("SELECT $1, '$9', $$ $7 $$ FROM t WHERE a = $12")).isEqualTo(12);
    }

    @Test
    void candidateDdlAndNames() {
        IndexCandidate c = IndexCandidate.of("orders", List.of("status", "created_at")).including(List.of("total")).where("\"status\" = 'x'");
        assertThat(c.ddl("idx", true)).isEqualTo("CREATE INDEX CONCURRENTLY \"idx\" ON \"orders\" (\"status\", \"created_at\") INCLUDE (\"total\") WHERE \"status\" = 'x'");
        assertThat(c.suggestedName()).isEqualTo("idx_orders_status_created_at_covering_partial");
        assertThat(IndexCandidate.expression("app.users", "lower(email)").ddl(null, false)).isEqualTo("CREATE INDEX ON \"app\".\"users\" ((lower(email)))");
        assertThat(IndexCandidate.of("t", List.of("a".repeat(40), "b".repeat(40))).suggestedName().length()).isLessThanOrEqualTo(63);
    }

    @Test
    void anExistingIndexCoversCandidatesWithItsLeadingColumns() {
        ExistingIndex e = new ExistingIndex("i", "orders", List.of("status", "created_at"), List.of(), null, false, false, 0, 0, "");
        assertThat(e.covers(IndexCandidate.of("orders", List.of("status")))).isTrue();
        assertThat(e.covers(IndexCandidate.of("orders", List.of("status", "created_at")).including(List.of("total")))).isTrue();
        assertThat(e.covers(IndexCandidate.of("orders", List.of("created_at")))).isFalse();
        assertThat(e.covers(IndexCandidate.of("orders", List.of("status")).where("\"status\" = 'x'"))).isFalse();
        ExistingIndex partial = new ExistingIndex("p", "orders", List.of("user_id"), List.of(), "(status = 'pending'::text)", false, false, 0, 0, "");
        assertThat(partial.covers(IndexCandidate.of("orders", List.of("user_id")).where("\"status\" = 'pending'"))).isTrue();
        assertThat(partial.covers(IndexCandidate.of("orders", List.of("user_id")))).isFalse();
        ExistingIndex expression = new ExistingIndex("x", "users", List.of("lower(email)"), List.of(), null, false, false, 0, 0, "");
        assertThat(expression.covers(IndexCandidate.expression("users", "lower(email)"))).isTrue();
    }

    @Test
    void candidatesFollowEqualitySortRangeAndSkipWhatExists() {
        QueryShape shape = QueryShapeTest.shape(QueryShapeTest.GUIDE);
        ExistingIndex pkey = new ExistingIndex("users_pkey", "users", List.of("id"), List.of(), null, true, true, 0, 0, "");
        CandidateGenerator g = new CandidateGenerator(t -> Map.of(), t -> t.equals("users") ? List.of(pkey) : List.of());
        List<IndexCandidate> all = g.candidates(shape, p -> false);
        assertThat(all).contains(IndexCandidate.of("orders", List.of("status", "created_at")), IndexCandidate.of("orders", List.of("status")),
                IndexCandidate.of("orders", List.of("created_at")), IndexCandidate.of("orders", List.of("user_id", "status")),
                IndexCandidate.of("products", List.of("id")));
        assertThat(all).noneMatch(c -> c.table().equals("users") && c.columns().equals(List.of("id")));
        assertThat(all).noneMatch(c -> c.where() != null);
        assertThat(g.candidates(shape, p -> true)).contains(IndexCandidate.of("orders", List.of("created_at")).where("\"status\" = 'completed'"));
        QueryShape covering = QueryShapeTest.shape("SELECT id, total FROM orders WHERE user_id = 5 AND status = 'x'");
        assertThat(g.candidates(covering, p -> false)).anyMatch(c -> c.include().equals(List.of("id", "total")));
        Set<String> orders = Set.of("orders");
        assertThat(g.candidates(covering, p -> false)).allMatch(c -> orders.contains(c.table()));
    }

    @Test
    void rewritesAreMadeOnTheTree() {
        assertThat(SqlRewriter.replacePredicate("SELECT * FROM t WHERE a + 1 > 5 AND b = :x", "a + 1 > 5", "a > (5) - (1)"))
                .contains("SELECT * FROM t WHERE a > (5) - (1) AND b = :x");
        assertThat(SqlRewriter.replacePredicate("SELECT * FROM t WHERE d::date = '2026-01-01' OR c", "d::date = '2026-01-01'",
                "d >= '2026-01-01'::date AND d < '2026-01-01'::date + 1"))
                .contains("SELECT * FROM t WHERE (d >= '2026-01-01'::date AND d < '2026-01-01'::date + 1) OR c");
        assertThat(SqlRewriter.replacePredicate("SELECT 1", "x = 1", "y = 1")).isEmpty();
        assertThat(SqlRewriter.inlineCte("WITH r AS MATERIALIZED (SELECT * FROM t) SELECT * FROM r WHERE a = 1", "r"))
                .contains("WITH r AS (SELECT * FROM t) SELECT * FROM r WHERE a = 1");
        assertThat(MaterializedViews.groupingKeys("SELECT u.id AS user_id, u.name, count(*) FROM users u GROUP BY u.id, u.name"))
                .contains(List.of("user_id", "name"));
        assertThat(MaterializedViews.groupingKeys("SELECT date_trunc('day', c), count(*) FROM t GROUP BY 1")).isEmpty();
    }
}
