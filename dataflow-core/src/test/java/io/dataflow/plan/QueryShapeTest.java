package io.dataflow.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.plan.QueryShape.Col;
import io.dataflow.plan.QueryShape.Op;
import io.dataflow.plan.QueryShape.Operand;
import io.dataflow.plan.QueryShape.Wrap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the JSqlParser walk reads from statements: predicates, joins, orders, parameters, non-sargable predicates. */
class QueryShapeTest {

    static final Map<String, Set<String>> COLUMNS = Map.of(
            "orders", Set.of("id", "user_id", "product_id", "status", "created_at", "updated_at", "total"),
            "users", Set.of("id", "name", "email", "created_at"),
            "products", Set.of("id", "name", "price", "version"));

    static QueryShape shape(String sql) {
        return QueryShape.of(sql, t -> COLUMNS.getOrDefault(t, Set.of()));
    }

    static final String GUIDE = """
            SELECT o.*, u.name, p.title
            FROM orders o
            JOIN users u ON o.user_id = u.id
            JOIN products p ON o.product_id = p.id
            WHERE o.status = 'completed'
            AND o.created_at >= :start_date
            ORDER BY o.created_at DESC
            LIMIT 100""";

    @Test
    void theGuideQuery() {
        QueryShape s = shape(GUIDE);
        assertThat(s.tables()).containsExactlyInAnyOrder("orders", "users", "products");
        assertThat(s.predicatesOn("orders")).extracting(QueryShape.Predicate::column, QueryShape.Predicate::op, QueryShape.Predicate::operand)
                .contains(org.assertj.core.groups.Tuple.tuple(new Col("orders", "status"), Op.EQ, Operand.CONSTANT),
                        org.assertj.core.groups.Tuple.tuple(new Col("orders", "created_at"), Op.RANGE, Operand.PARAMETER),
                        org.assertj.core.groups.Tuple.tuple(new Col("orders", "user_id"), Op.EQ, Operand.COLUMN));
        assertThat(s.predicatesOn("users")).anyMatch(p -> p.isJoin() && p.column().column().equals("id"));
        assertThat(s.orderings()).containsExactly(java.util.List.of(new QueryShape.SortKey(new Col("orders", "created_at"), true)));
        assertThat(s.parameters()).containsEntry("start_date", new Col("orders", "created_at"));
        assertThat(s.selectsAll()).containsExactly("orders");
        assertThat(s.aggregates()).isFalse();
    }

    @Test
    void unqualifiedColumnsAreResolvedThroughTheCatalog() {
        QueryShape s = shape("SELECT name FROM orders JOIN users ON users.id = user_id WHERE email = $1 AND total BETWEEN 10 AND 20");
        assertThat(s.parameters()).containsEntry("$1", new Col("users", "email"));
        assertThat(s.predicatesOn("orders")).anyMatch(p -> p.column().column().equals("total") && p.op() == Op.RANGE);
        assertThat(s.referenced().get("users")).contains("name", "email", "id");
    }

    @Test
    void nonSargablePredicatesWithTheirRewrites() {
        QueryShape s = shape("SELECT * FROM orders o WHERE o.created_at::date = '2026-01-05' AND lower(o.status) = 'x'"
                + " AND o.total + 1 > 50 AND EXTRACT(YEAR FROM o.updated_at) = 2025");
        assertThat(s.nonSargable()).extracting(QueryShape.NonSargable::wrap)
                .containsExactly(Wrap.CAST, Wrap.FUNCTION, Wrap.ARITHMETIC, Wrap.FUNCTION);
        assertThat(s.nonSargable().get(0).rewrite()).isEqualTo("o.created_at >= ('2026-01-05')::date AND o.created_at < ('2026-01-05')::date + 1");
        assertThat(s.nonSargable().get(1).expression()).isEqualTo("lower(status)");
        assertThat(s.nonSargable().get(1).rewrite()).isNull();
        assertThat(s.nonSargable().get(2).rewrite()).isEqualTo("o.total > (50) - (1)");
        assertThat(s.nonSargable().get(3).rewrite()).contains("o.updated_at >= make_date((2025)::int, 1, 1)");
        QueryShape like = shape("SELECT * FROM users WHERE name LIKE '%son' OR email LIKE 'ann%'");
        assertThat(like.nonSargable()).extracting(QueryShape.NonSargable::wrap).containsExactly(Wrap.LEADING_WILDCARD);
        assertThat(like.predicatesOn("users")).anyMatch(p -> p.op() == Op.PREFIX_LIKE);
    }

    @Test
    void subqueriesCtesAndDml() {
        QueryShape s = shape("WITH recent AS (SELECT user_id FROM orders WHERE created_at > now() - interval '7 days')"
                + " SELECT u.* FROM users u WHERE u.id IN (SELECT user_id FROM recent) AND EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)");
        assertThat(s.tables()).containsExactlyInAnyOrder("orders", "users");
        assertThat(s.predicatesOn("orders")).anyMatch(p -> p.column().column().equals("created_at") && p.operand() == Operand.EXPRESSION);
        assertThat(s.predicatesOn("orders")).anyMatch(p -> p.isJoin() && p.other().equals(new Col("users", "id")));
        QueryShape update = shape("UPDATE orders SET status = :status WHERE id = :id");
        assertThat(update.parameters()).containsEntry("status", new Col("orders", "status")).containsEntry("id", new Col("orders", "id"));
        QueryShape insert = shape("INSERT INTO users (name, email) VALUES (:n, :e)");
        assertThat(insert.parameters()).containsEntry("e", new Col("users", "email"));
        QueryShape grouped = shape("SELECT user_id, count(*) FROM orders GROUP BY user_id HAVING count(*) > 5");
        assertThat(grouped.aggregates()).isTrue();
        assertThat(grouped.groupings()).containsExactly(java.util.List.of(new Col("orders", "user_id")));
    }

    @Test
    void unparsableSqlIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> shape("SELECT * FROM orders WHERE status = = 'x'"))
                .isInstanceOf(PlanException.class).hasMessageContaining("position 35")
                .satisfies(e -> assertThat(((PlanException) e).position()).isEqualTo(35));
    }
}
