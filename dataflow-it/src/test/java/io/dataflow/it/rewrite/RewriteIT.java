package io.dataflow.it.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.it.TestServers;
import io.dataflow.rewrite.Optimization;
import io.dataflow.rewrite.RewriteException;
import io.dataflow.rewrite.RewriteOptions;
import io.dataflow.rewrite.RewriteReport;
import io.dataflow.rewrite.Transformation;
import io.dataflow.rewrite.Verification;
import io.dataflow.rewrite.VerifyOptions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** db.rewriter(): every rewrite verified on PostgreSQL, on data with users without orders, NULLs and duplicates. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class RewriteIT {

    static final String GUIDE = """
            SELECT * FROM users u
            WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) > 10
            """;
    static final String GUIDE_REWRITTEN = """
            SELECT u.* FROM users u
            JOIN (
                SELECT user_id, COUNT(*) as order_count
                FROM orders
                GROUP BY user_id
                HAVING COUNT(*) > 10
            ) o ON u.id = o.user_id
            """;

    final TestServers.Server server;
    RewriteDatabase data;

    RewriteIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void open() {
        data = RewriteDatabase.shared(server);
    }

    RewriteReport optimize(String sql, Optimization o) {
        return data.flow.rewriter().optimize(sql, RewriteOptions.defaults().optimization(o).verifyOptions(VerifyOptions.defaults().runs(1)));
    }

    @Test
    void theGuidesCorrelatedCountIsRewrittenToTheJoinFormAndVerified() {
        RewriteReport r = data.flow.rewriter().optimize(GUIDE, RewriteOptions.defaults().optimization(Optimization.DECORRELATE).supplied(GUIDE_REWRITTEN));
        assertThat(r.rewritten().replaceAll("\\s+", " ")).isEqualTo("SELECT u.* FROM users u INNER JOIN (SELECT o.user_id, COUNT(*) AS count"
                + " FROM orders o GROUP BY o.user_id HAVING COUNT(*) > 10) o_agg ON o_agg.user_id = u.id");
        assertThat(r.transformations()).extracting(Transformation::kind).containsExactly("decorrelate");
        assertThat(r.equivalent()).isTrue();
        assertThat(r.verified()).isTrue();
        assertThat(r.costBefore()).isPositive();
        assertThat(r.costAfter()).isPositive();
        assertThat(r.timeBeforeMs()).isNotNull();
        assertThat(r.timeAfterMs()).isNotNull();
        assertThat(r.speedup()).isPositive();
        assertThat(data.db.value("SELECT count(*) FROM (" + GUIDE + ") q")).as("the data has users above 10 orders").isNotEqualTo("0");
        assertThat(r.supplied().equivalent()).as("the guide's own rewrite").isTrue();
        assertThat(r.supplied().faster()).isNotNull();
    }

    @Test
    void countBugCasesGiveTheOriginalsResultsIncludingUsersWithoutOrders() {
        String[] queries = {
                "SELECT u.id, u.name FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) < 5",
                "SELECT u.id FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) = 0",
                "SELECT u.id FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) <= 3",
                "SELECT u.id FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) + 1 > 0",
                "SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) FROM users u",
                "SELECT u.id FROM users u WHERE (SELECT SUM(o.total) FROM orders o WHERE o.user_id = u.id) IS NULL",
                "SELECT u.id, (SELECT AVG(o.total) FROM orders o WHERE o.user_id = u.id AND o.status = 'paid') AS avg_paid,"
                        + " (SELECT MAX(o2.created_at) FROM orders o2 WHERE o2.user_id = u.id AND o2.region = u.region) AS last_in_region"
                        + " FROM users u WHERE u.region IS NOT NULL ORDER BY u.id",
        };
        for (String sql : queries) {
            RewriteReport r = optimize(sql, Optimization.DECORRELATE);
            assertThat(r.transformations()).as(sql).isNotEmpty();
            assertThat(r.rewritten()).as(sql).containsAnyOf("LEFT JOIN", "NOT EXISTS").doesNotContain("(SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id)");
            assertThat(r.equivalent()).as(sql + "\n→ " + r.rewritten() + "\n" + r.firstDifference()).isTrue();
        }
        String noOrders = "SELECT u.id FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) = 0";
        assertThat(data.db.column(noOrders)).as("users 31..40 have no orders").contains("31", "40");
    }

    @Test
    void aWrongRewriteIsNeverCalledEquivalent() {
        String original = "SELECT u.id FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) < 5";
        String countBug = "SELECT u.id FROM users u JOIN (SELECT user_id, COUNT(*) AS n FROM orders GROUP BY user_id) c ON c.user_id = u.id WHERE c.n < 5";
        Verification v = data.flow.rewriter().verify(original, countBug, VerifyOptions.defaults().runs(1));
        assertThat(v.equivalent()).isFalse();
        assertThat(v.firstDifference().note()).isEqualTo("only the original returns this row");
        assertThat(data.db.value("SELECT count(*) FROM orders WHERE user_id = " + v.firstDifference().row().get(0)))
                .as("the row lost is a user without orders").isEqualTo("0");
        RewriteReport supplied = data.flow.rewriter().optimize(original, RewriteOptions.defaults().supplied(countBug)
                .verifyOptions(VerifyOptions.defaults().runs(1)));
        assertThat(supplied.supplied().equivalent()).isFalse();
        assertThat(supplied.equivalent()).isTrue();
    }

    @Test
    void anOrderByOnAUniqueKeyIsComparedInOrder() {
        Verification same = data.flow.rewriter().verify("SELECT id FROM users ORDER BY id", "SELECT id FROM users ORDER BY id DESC",
                VerifyOptions.defaults().runs(1));
        assertThat(same.ordered()).isTrue();
        assertThat(same.equivalent()).isFalse();
        assertThat(same.firstDifference().position()).isZero();
        Verification multiset = data.flow.rewriter().verify("SELECT region FROM users ORDER BY region", "SELECT region FROM users",
                VerifyOptions.defaults().runs(3));
        assertThat(multiset.ordered()).isFalse();
        assertThat(multiset.equivalent()).isTrue();
    }

    @Test
    void writesAreRefusedAndNeverRun() {
        for (String dml : new String[] {"DELETE FROM orders", "UPDATE users SET name = 'x'", "SELECT * FROM users FOR UPDATE",
                "WITH d AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM d"}) {
            assertThatThrownBy(() -> data.flow.rewriter().verify("SELECT 1", dml)).as(dml).isInstanceOf(RewriteException.class)
                    .hasMessageContaining("refused");
            assertThatThrownBy(() -> data.flow.rewriter().optimize(dml, RewriteOptions.defaults())).as(dml).isInstanceOf(RewriteException.class);
        }
        assertThatThrownBy(() -> data.flow.rewriter().verify("SELECT 1", "SELECT 1; DELETE FROM orders")).isInstanceOf(RewriteException.class);
        assertThat(data.db.value("SELECT count(*) FROM orders")).isEqualTo("260");
        assertThat(data.db.value("SELECT count(*) FROM users WHERE name = 'x'")).isEqualTo("0");
    }

    @Test
    void unparsableSqlIsAnErrorWithThePosition() {
        assertThatThrownBy(() -> data.flow.rewriter().rewrite("SELECT * FROM users WHERE id = = 3"))
                .isInstanceOf(RewriteException.class).hasMessageContaining("position 32")
                .satisfies(e -> assertThat(((RewriteException) e).position()).isEqualTo(32));
    }

    @Test
    void theOriginalIsStoppedAtTheTimeout() {
        Verification v = data.flow.rewriter().verify("SELECT 1 AS x FROM pg_sleep(2)", "SELECT 1 AS x",
                VerifyOptions.defaults().timeout(Duration.ofMillis(300)).runs(1));
        assertThat(v.timedOutBefore()).isTrue();
        assertThat(v.timeBeforeMs()).isNull();
        assertThat(v.equivalent()).isNull();
        assertThat(v.timeAfterMs()).isNotNull();
        assertThat(v.warnings()).anyMatch(w -> w.contains("passed the timeout"));
    }

    @Test
    void inNotInAndExists() {
        RewriteReport guideExists = optimize("""
                SELECT * FROM products p
                WHERE EXISTS (
                    SELECT 1 FROM order_items oi
                    WHERE oi.product_id = p.id
                    AND oi.created_at > NOW() - INTERVAL '30 days'
                )""", Optimization.EXISTS_TO_SEMIJOIN);
        assertThat(guideExists.transformations()).isEmpty();
        assertThat(guideExists.warnings()).anyMatch(w -> w.contains("already optimal"));
        assertThat(guideExists.costBefore()).isPositive();

        RewriteReport underOr = optimize("SELECT u.id FROM users u WHERE u.region = 'a' OR EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id"
                + " AND o.total > 40)", Optimization.EXISTS_TO_SEMIJOIN);
        assertThat(underOr.transformations()).extracting(Transformation::kind).containsExactly("exists_to_semijoin");
        assertThat(underOr.equivalent()).isTrue();

        RewriteReport notExistsUnderOr = optimize("SELECT u.id FROM users u WHERE u.region = 'a' OR NOT EXISTS (SELECT 1 FROM orders o"
                + " WHERE o.user_id = u.id)", Optimization.EXISTS_TO_SEMIJOIN);
        assertThat(notExistsUnderOr.transformations()).isNotEmpty();
        assertThat(notExistsUnderOr.equivalent()).isTrue();

        RewriteReport inUnderOr = optimize("SELECT u.id FROM users u WHERE u.region = 'b' OR u.id IN (SELECT o.user_id FROM orders o"
                + " WHERE o.total > 50)", Optimization.EXISTS_TO_SEMIJOIN);
        assertThat(inUnderOr.transformations()).extracting(Transformation::kind).containsExactly("in_to_semijoin");
        assertThat(inUnderOr.equivalent()).isTrue();

        RewriteReport notIn = optimize("SELECT u.id FROM users u WHERE u.id NOT IN (SELECT o.buyer_id FROM orders o WHERE o.quantity > 2)",
                Optimization.EXISTS_TO_SEMIJOIN);
        assertThat(notIn.transformations()).extracting(Transformation::kind).containsExactly("not_in_to_antijoin");
        assertThat(notIn.equivalent()).isTrue();

        RewriteReport nullable = optimize("SELECT u.id FROM users u WHERE u.id NOT IN (SELECT o.user_id FROM orders o)", Optimization.EXISTS_TO_SEMIJOIN);
        assertThat(nullable.transformations()).isEmpty();
        assertThat(nullable.warnings()).anyMatch(w -> w.contains("o.user_id may be NULL"));
        assertThat(nullable.rewritten()).isEqualTo(nullable.original());
    }

    @Test
    void sargablePredicatesAndOrOfEqualities() {
        String[] queries = {
                "SELECT id FROM orders WHERE DATE(created_at) = '2025-01-10'",
                "SELECT id FROM orders WHERE created_at::date >= '2025-02-01'",
                "SELECT id FROM users WHERE DATE(created_at) < '2025-03-01'",
                "SELECT id FROM orders WHERE EXTRACT(YEAR FROM created_at) = 2025",
                "SELECT id FROM orders o WHERE o.quantity + 2 > 4 AND 10 <= o.quantity - 1",
                "SELECT id FROM orders WHERE CAST(quantity AS bigint) = 3",
                "SELECT id FROM orders WHERE status = 'paid' OR status = 'pending' OR status = 'gone'",
        };
        for (String sql : queries) {
            RewriteReport r = optimize(sql, Optimization.SARGABLE);
            assertThat(r.transformations()).as(sql).isNotEmpty();
            assertThat(r.equivalent()).as(sql + " → " + r.rewritten()).isTrue();
        }
        RewriteReport text = optimize("SELECT id FROM orders WHERE CAST(quantity AS text) = '3'", Optimization.SARGABLE);
        assertThat(text.transformations()).isEmpty();
        assertThat(text.warnings()).anyMatch(w -> w.contains("may change how values compare"));
    }

    @Test
    void withoutVerificationTheRewriteIsMarkedUnverified() {
        RewriteReport r = data.flow.rewriter().optimize(GUIDE, RewriteOptions.defaults().verify(false));
        assertThat(r.transformations()).isNotEmpty();
        assertThat(r.verified()).isFalse();
        assertThat(r.equivalent()).isNull();
        assertThat(r.warnings()).anyMatch(w -> w.contains("not verified"));
    }
}
