package io.dataflow.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rewrites on parse trees, without a database (the ITs prove the results equal on PostgreSQL). */
class QueryRewriterTest {

    static final Schema SCHEMA = Schema.of(List.of(
            new Schema.Table("users", Map.of(
                    "id", new Schema.Column("id", "integer", true),
                    "name", new Schema.Column("name", "text", false),
                    "email", new Schema.Column("email", "text", false),
                    "region", new Schema.Column("region", "text", false),
                    "created_at", new Schema.Column("created_at", "timestamp without time zone", false)), List.of(List.of("id"))),
            new Schema.Table("orders", Map.of(
                    "id", new Schema.Column("id", "integer", true),
                    "user_id", new Schema.Column("user_id", "integer", false),
                    "buyer_id", new Schema.Column("buyer_id", "integer", true),
                    "status", new Schema.Column("status", "text", false),
                    "region", new Schema.Column("region", "text", false),
                    "total", new Schema.Column("total", "numeric", false),
                    "quantity", new Schema.Column("quantity", "integer", false),
                    "created_at", new Schema.Column("created_at", "timestamp with time zone", false)), List.of(List.of("id")))));

    final QueryRewriter rewriter = new QueryRewriter(SCHEMA, null);

    Rewrite rewrite(String sql, Optimization o) {
        Rewrite r = rewriter.rewrite(sql, o);
        System.out.println(r.rewritten() + "\n  " + r.transformations() + "\n  " + r.warnings());
        return r;
    }

    static String flat(String sql) {
        return sql.replaceAll("\\s+", " ");
    }

    @Test
    void guideCountGreaterThanTenBecomesAnInnerJoinWithHaving() {
        Rewrite r = rewrite("SELECT * FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) > 10", Optimization.DECORRELATE);
        assertThat(flat(r.rewritten())).isEqualTo("SELECT u.* FROM users u INNER JOIN (SELECT o.user_id, COUNT(*) AS count FROM orders o"
                + " GROUP BY o.user_id HAVING COUNT(*) > 10) o_agg ON o_agg.user_id = u.id");
        assertThat(r.transformations()).extracting(Transformation::kind).containsExactly("decorrelate");
    }

    @Test
    void predicatesTrueForAnEmptyGroupKeepALeftJoinWithCoalesce() {
        for (String predicate : List.of("< 5", "<= 3", "+ 1 > 0", "<> 2")) {
            Rewrite r = rewrite("SELECT u.id FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) " + predicate,
                    Optimization.DECORRELATE);
            assertThat(flat(r.rewritten())).contains("LEFT JOIN").contains("WHERE COALESCE(o_agg.count, 0) " + predicate);
        }
    }

    @Test
    void countZeroIsNotExistsAndCountPositiveIsExists() {
        assertThat(flat(rewrite("SELECT u.id FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) = 0 AND u.id > 2",
                Optimization.DECORRELATE).rewritten())).isEqualTo("SELECT u.id FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o"
                + " WHERE o.user_id = u.id) AND u.id > 2");
        assertThat(flat(rewrite("SELECT u.id FROM users u WHERE 0 < (SELECT COUNT(o.total) FROM orders o WHERE o.user_id = u.id)",
                Optimization.DECORRELATE).rewritten())).isEqualTo("SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o"
                + " WHERE o.user_id = u.id AND o.total IS NOT NULL)");
        assertThat(rewrite("SELECT u.id FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) = 2",
                Optimization.DECORRELATE).rewritten()).contains("INNER JOIN");
    }

    @Test
    void sumIsNullKeepsNullWithoutCoalesce() {
        Rewrite r = rewrite("SELECT u.id FROM users u WHERE (SELECT SUM(o.total) FROM orders o WHERE o.user_id = u.id) IS NULL", Optimization.DECORRELATE);
        assertThat(flat(r.rewritten())).contains("LEFT JOIN (SELECT o.user_id, SUM(o.total) AS sum_total").contains("WHERE o_agg.sum_total IS NULL");
    }

    @Test
    void selectListUseSeveralKeysAndExtraFilters() {
        Rewrite r = rewrite("SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id AND o.region = u.region AND o.status = 'paid')"
                + " FROM users u WHERE u.id > 3 ORDER BY u.id", Optimization.DECORRELATE);
        assertThat(flat(r.rewritten())).isEqualTo("SELECT u.id, COALESCE(o_agg.count, 0) AS count FROM users u LEFT JOIN (SELECT o.user_id,"
                + " o.region, COUNT(*) AS count FROM orders o WHERE o.status = 'paid' GROUP BY o.user_id, o.region) o_agg"
                + " ON o_agg.user_id = u.id AND o_agg.region = u.region WHERE u.id > 3 ORDER BY u.id");
    }

    @Test
    void unqualifiedOuterColumnsNamedLikeTheDerivedTablesOutputsAreQualified() {
        Rewrite r = rewrite("SELECT user_id FROM orders o2 WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = o2.id) > 1 ORDER BY user_id",
                Optimization.DECORRELATE);
        assertThat(flat(r.rewritten())).startsWith("SELECT o2.user_id FROM orders o2 INNER JOIN").endsWith("ORDER BY o2.user_id");
    }

    @Test
    void unsupportedShapesAreReturnedUnchangedWithTheReason() {
        String sql = "SELECT u.id FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id > u.id) > 2";
        Rewrite r = rewrite(sql, Optimization.DECORRELATE);
        assertThat(r.rewritten()).isEqualTo(sql);
        assertThat(r.warnings()).anyMatch(w -> w.contains("is not an equality"));
        String limit = "SELECT u.id FROM users u WHERE (SELECT COUNT(*) FROM (SELECT 1 FROM orders o WHERE o.user_id = u.id LIMIT 3) x) > 2";
        assertThat(rewrite(limit, Optimization.DECORRELATE).rewritten()).isEqualTo(limit);
    }

    @Test
    void unparsableSqlGivesThePosition() {
        assertThatThrownBy(() -> rewriter.rewrite("SELECT id, FROM users", Optimization.AUTO))
                .isInstanceOf(RewriteException.class).hasMessageContaining("unexpected ',' at position 10")
                .satisfies(e -> assertThat(((RewriteException) e).position()).isEqualTo(10));
        assertThatThrownBy(() -> rewriter.rewrite("SELECT id\nFROM users\nWHERE (id > 3", Optimization.AUTO))
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> rewriter.rewrite("DELETE FROM users", Optimization.AUTO)).hasMessageContaining("not a query");
    }

    @Test
    void sargableRewrites() {
        assertThat(flat(rewrite("SELECT id FROM orders WHERE DATE(created_at) = '2026-01-31'", Optimization.SARGABLE).rewritten()))
                .isEqualTo("SELECT id FROM orders WHERE created_at >= DATE '2026-01-31' AND created_at < DATE '2026-02-01'");
        assertThat(flat(rewrite("SELECT id FROM orders o WHERE EXTRACT(YEAR FROM o.created_at) = 2025 AND o.quantity + 2 > 10", Optimization.SARGABLE).rewritten()))
                .isEqualTo("SELECT id FROM orders o WHERE (o.created_at >= DATE '2025-01-01' AND o.created_at < DATE '2026-01-01') AND (o.quantity > 8)");
        assertThat(flat(rewrite("SELECT id FROM orders WHERE CAST(quantity AS bigint) = 4", Optimization.SARGABLE).rewritten()))
                .contains("WHERE quantity = 4");
        Rewrite text = rewrite("SELECT id FROM users WHERE DATE(name) = '2026-01-01'", Optimization.SARGABLE);
        assertThat(text.changed()).isFalse();
        assertThat(text.warnings()).anyMatch(w -> w.contains("not a date or timestamp column"));
    }

    @Test
    void orOfEqualitiesBecomesIn() {
        assertThat(flat(rewrite("SELECT id FROM orders WHERE status = 'a' OR status = 'b' OR status = 'c'", Optimization.SARGABLE).rewritten()))
                .isEqualTo("SELECT id FROM orders WHERE status IN ('a', 'b', 'c')");
    }

    @Test
    void existsAndIn() {
        Rewrite top = rewrite("SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)", Optimization.EXISTS_TO_SEMIJOIN);
        assertThat(top.changed()).isFalse();
        assertThat(top.warnings()).as("no plan: not called optimal").anyMatch(w -> w.contains("no plan could be read to confirm it"));
        Rewrite or = rewrite("SELECT u.id FROM users u WHERE u.id < 3 OR EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status = 'x')",
                Optimization.EXISTS_TO_SEMIJOIN);
        assertThat(flat(or.rewritten())).isEqualTo("SELECT u.id FROM users u LEFT JOIN (SELECT DISTINCT o.user_id FROM orders o WHERE o.status = 'x')"
                + " o_match ON o_match.user_id = u.id WHERE u.id < 3 OR (o_match.user_id IS NOT NULL)");
        Rewrite notIn = rewrite("SELECT u.id FROM users u WHERE u.id NOT IN (SELECT o.buyer_id FROM orders o)", Optimization.EXISTS_TO_SEMIJOIN);
        assertThat(flat(notIn.rewritten())).isEqualTo("SELECT u.id FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.buyer_id = u.id)");
        Rewrite nullable = rewrite("SELECT u.id FROM users u WHERE u.id NOT IN (SELECT o.user_id FROM orders o)", Optimization.EXISTS_TO_SEMIJOIN);
        assertThat(nullable.changed()).isFalse();
        assertThat(nullable.warnings()).anyMatch(w -> w.contains("may be NULL"));
    }
}
