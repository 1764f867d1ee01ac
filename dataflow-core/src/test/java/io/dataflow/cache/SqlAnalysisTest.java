package io.dataflow.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlAnalysisTest {

    @Test
    void queriesNormalizeAndNameTheirTables() {
        SqlAnalysis a = SqlAnalysis.of("SELECT p.*,  ps.view_count\n FROM products p -- hot\n JOIN public.product_stats ps ON p.id = ps.product_id WHERE p.id = :id;");
        assertThat(a.readOnly()).isTrue();
        assertThat(a.parsed()).isTrue();
        assertThat(a.reads()).containsExactlyInAnyOrder("products", "product_stats");
        assertThat(a.normalized()).isEqualTo(SqlAnalysis.of("select p.* , ps.view_count FROM products p JOIN public.product_stats ps ON p.id = ps.product_id where p.id = :id").normalized());
    }

    @Test
    void writesAreFoundByParsing() {
        assertThat(SqlAnalysis.of("UPDATE products SET price = 1 WHERE id = ?").writes()).containsExactly(new Dependency("products", "update"));
        assertThat(SqlAnalysis.of("DELETE FROM \"Public\".orders WHERE id = 1").writes()).containsExactly(new Dependency("Public.orders", "delete"));
        assertThat(SqlAnalysis.of("INSERT INTO orders (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 2").writes())
                .containsExactlyInAnyOrder(new Dependency("orders", "insert"), new Dependency("orders", "update"));
        assertThat(SqlAnalysis.of("TRUNCATE public.orders").writes()).containsExactly(new Dependency("orders", "delete"));
        assertThat(SqlAnalysis.of("WITH d AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM d").readOnly()).isFalse();
        assertThat(SqlAnalysis.of("UPDATE products SET price = 1 WHERE id = ?").readOnly()).isFalse();
    }
}
