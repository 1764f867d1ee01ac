package io.dataflow.it.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.TestServers;
import io.dataflow.plan.PlanOptions;
import io.dataflow.plan.QueryPlan;
import io.dataflow.plan.SuggestOptions;
import io.dataflow.plan.Suggestion;
import io.dataflow.plan.SuggestionKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** filter_pushdown: sargable rewrites, expression and trigram indexes, inlined CTEs — each planned. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class FilterPushdownIT extends DemoCopyTest {


    FilterPushdownIT(TestServers.Server server) {
        super(server);
    }

    List<Suggestion> pushdown(String sql, Map<String, Object> params) {
        QueryPlan plan = flow.plans().analyze(sql, PlanOptions.defaults().params(params));
        return flow.plans().suggest(plan, SuggestOptions.of(SuggestionKind.FILTER_PUSHDOWN));
    }

    Suggestion only(List<Suggestion> suggestions, String action) {
        List<Suggestion> found = suggestions.stream().filter(s -> s.action().equals(action)).toList();
        assertThat(found).as(String.valueOf(suggestions)).hasSize(1);
        assertThat(found.get(0).kind()).isEqualTo("filter_pushdown");
        assertThat(found.get(0).costAfter()).isLessThan(found.get(0).costBefore());
        return found.get(0);
    }

    @Test
    void aCastOnATimestampGetsTheRangeRewrite() {
        List<Suggestion> s = pushdown("SELECT id, total FROM orders o WHERE o.created_at::date = :day", Map.of("day", "2026-01-05"));
        // created_at::date depends on the time zone: no expression index is possible, the rewrite is the fix
        Suggestion rewrite = only(s, "rewrite");
        assertThat(rewrite.sql()).contains("o.created_at >= (:day)::date AND o.created_at < (:day)::date + 1").doesNotContain("::date =");
        assertThat((String) rewrite.details().get("requires_index")).startsWith("CREATE INDEX CONCURRENTLY \"idx_orders_created_at\"");
        assertThat(s).noneMatch(x -> x.action().equals("expression_index"));
    }

    @Test
    void aFunctionOnAColumnGetsAnExpressionIndex() {
        Suggestion index = only(pushdown("SELECT * FROM users WHERE lower(email) = 'user5@example.com'", Map.of()), "expression_index");
        assertThat(index.sql()).isEqualTo("CREATE INDEX CONCURRENTLY \"idx_users_lower_email\" ON \"users\" ((lower(email)))");
    }

    @Test
    void arithmeticOnAColumnIsMovedToTheOtherSide() {
        Suggestion rewrite = only(pushdown("SELECT id FROM orders WHERE total + 10 > 495", Map.of()), "rewrite");
        assertThat(rewrite.sql()).contains("total > (495) - (10)");
        assertThat(flow.plans().analyze(rewrite.sql()).plan().actualRows())
                .isEqualTo(flow.plans().analyze("SELECT id FROM orders WHERE total + 10 > 495").plan().actualRows());
    }

    @Test
    void aFilteredMaterializedCteIsInlined() {
        Suggestion rewrite = only(pushdown("WITH recent AS MATERIALIZED (SELECT * FROM orders) SELECT count(*) FROM recent WHERE status = 'pending'",
                Map.of()), "rewrite");
        assertThat(rewrite.sql()).doesNotContain("MATERIALIZED");
    }

    @Test
    void aLeadingWildcardGetsATrigramIndex() {
        db.execute("CREATE TABLE notes AS SELECT g AS id, 'note ' || g || ' about ' || md5(g::text) AS body FROM generate_series(1, 50000) g");
        db.execute("ANALYZE notes");
        String sql = "SELECT * FROM notes WHERE body LIKE '%about 4a7d1ed4%'";
        Suggestion unmeasured = pushdown(sql, Map.of()).stream().filter(s -> s.action().equals("trigram_index")).findFirst().orElseThrow();
        assertThat(unmeasured.sql()).startsWith("CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX CONCURRENTLY")
                .contains("USING gin (\"body\" gin_trgm_ops)");
        assertThat(unmeasured.costAfter()).isNull();
        if ("1".equals(db.value("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'"))) {
            db.execute("CREATE EXTENSION pg_trgm");
            Suggestion measured = only(pushdown(sql, Map.of()), "trigram_index");
            assertThat(measured.sql()).isEqualTo("CREATE INDEX CONCURRENTLY \"idx_notes_body_trgm\" ON \"notes\" USING gin (\"body\" gin_trgm_ops)");
        }
        assertThat(db.value("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'dataflow_whatif%'")).isEqualTo("0");
    }

    @Test
    void sargablePredicatesGetNothing() {
        assertThat(pushdown("SELECT * FROM orders WHERE status = 'pending' AND total > 100", Map.of())).isEmpty();
    }
    @Test
    void aRangeOnOneSideOfAnInnerJoinIsStatedOnTheOtherSide() {
        db.execute("CREATE TABLE parent (id int PRIMARY KEY, v int)");
        db.execute("CREATE TABLE child (id int PRIMARY KEY, parent_id int, parent_big bigint, w int)");
        db.execute("CREATE INDEX ON child (parent_id)");
        db.execute("INSERT INTO parent SELECT g, g FROM generate_series(1, 20000) g");
        db.execute("INSERT INTO child SELECT g, 1 + g % 20000, 1 + g % 20000, g FROM generate_series(1, 200000) g");
        db.execute("ANALYZE parent");
        db.execute("ANALYZE child");
        String sql = "SELECT count(*) FROM parent p JOIN child c ON c.parent_id = p.id WHERE p.id > 18000";
        Suggestion r = only(pushdown(sql, Map.of()), "rewrite");
        assertThat(r.details().get("added")).isEqualTo(List.of("c.parent_id > 18000"));
        assertThat(r.sql()).endsWith("WHERE p.id > 18000 AND c.parent_id > 18000");
        assertThat(r.costAfter()).isLessThan(r.costBefore() * 0.8);
        assertThat(db.value("SELECT (" + r.sql() + ") = (" + sql + ")")).isEqualTo("t");
        // BETWEEN, written on either side, and the comma join form
        Suggestion between = only(pushdown("SELECT sum(c.w) FROM parent p, child c WHERE c.parent_id = p.id AND p.id BETWEEN 5000 AND 9000",
                Map.of()), "rewrite");
        assertThat(between.details().get("added")).isEqualTo(List.of("c.parent_id BETWEEN 5000 AND 9000"));
        // not carried: an outer join (the condition would drop the NULL-extended rows) or columns of different types
        assertThat(pushdown("SELECT count(*) FROM parent p LEFT JOIN child c ON c.parent_id = p.id WHERE p.id > 18000", Map.of())).isEmpty();
        assertThat(pushdown("SELECT count(*) FROM parent p JOIN child c ON c.parent_big = p.id WHERE p.id > 18000", Map.of())).isEmpty();
    }
}
