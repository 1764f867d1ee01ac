package io.dataflow.it.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.TestServers;
import io.dataflow.plan.QueryPlan;
import io.dataflow.plan.SuggestOptions;
import io.dataflow.plan.Suggestion;
import io.dataflow.plan.SuggestionKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** join_order: missing statistics and correlated columns under a join, each fix shown with the estimate it produces. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class JoinOrderIT extends DemoCopyTest {


    JoinOrderIT(TestServers.Server server) {
        super(server);
    }

    List<Suggestion> joinOrder(String sql) {
        QueryPlan plan = flow.plans().analyze(sql);
        return flow.plans().suggest(plan, SuggestOptions.of(SuggestionKind.JOIN_ORDER));
    }

    @Test
    void aTableWithoutStatisticsGetsAnalyze() {
        // half the rows have kind 1; without statistics the planner assumes 0.5% of them
        db.execute("CREATE TABLE tagged (id int PRIMARY KEY, kind int) WITH (autovacuum_enabled = false)");
        db.execute("INSERT INTO tagged SELECT g, CASE WHEN g % 2 = 0 THEN 1 ELSE g END FROM generate_series(1, 20000) g");
        List<Suggestion> s = joinOrder("SELECT count(*) FROM tagged t JOIN orders o ON o.id = t.id WHERE t.kind = 1");
        assertThat(s).hasSize(1);
        Suggestion analyze = s.get(0);
        assertThat(analyze.action()).isEqualTo("analyze");
        assertThat(analyze.sql()).isEqualTo("ANALYZE \"tagged\"");
        assertThat(analyze.details().get("actual_rows")).isEqualTo(10001.0); // the even ids, and id 1
        assertThat((Double) analyze.details().get("estimate_before")).isLessThan(1000);
        assertThat((Double) analyze.details().get("estimate_after")).isBetween(8000.0, 12000.0);
        assertThat(db.value("SELECT count(*) FROM pg_statistic WHERE starelid = 'tagged'::regclass")).isEqualTo("0"); // rolled back
    }

    @Test
    void correlatedColumnsGetExtendedStatistics() {
        db.execute("CREATE TABLE pairs (id int PRIMARY KEY, a int, b int)");
        db.execute("INSERT INTO pairs SELECT g, g % 100, g % 100 FROM generate_series(1, 20000) g");
        db.execute("ANALYZE pairs");
        List<Suggestion> s = joinOrder("SELECT count(*) FROM pairs p JOIN orders o ON o.id = p.id WHERE p.a = 1 AND p.b = 1");
        assertThat(s).hasSize(1);
        Suggestion stats = s.get(0);
        assertThat(stats.action()).isEqualTo("create_statistics");
        assertThat(stats.sql()).isEqualTo("CREATE STATISTICS \"stat_pairs_a_b\" (dependencies, ndistinct, mcv) ON \"a\", \"b\" FROM \"pairs\"; ANALYZE \"pairs\"");
        assertThat((Double) stats.details().get("estimate_before")).isLessThan(20);
        assertThat((Double) stats.details().get("estimate_after")).isBetween(100.0, 400.0);
        assertThat(db.value("SELECT count(*) FROM pg_statistic_ext")).isEqualTo("0"); // rolled back

        for (String part : stats.sql().split("; ")) db.execute(part);
        assertThat(joinOrder("SELECT count(*) FROM pairs p JOIN orders o ON o.id = p.id WHERE p.a = 1 AND p.b = 1")).isEmpty();
    }

    @Test
    void anExpressionOverAColumnGetsTheRewriteOnTheBareColumnWithTheEstimateItProduces() {
        // half the rows have amount 5; "amount + 0 = 5" is estimated at the default 0.5%
        db.execute("CREATE TABLE amounts (id int PRIMARY KEY, amount int)");
        db.execute("INSERT INTO amounts SELECT g, CASE WHEN g % 2 = 0 THEN 5 ELSE g END FROM generate_series(1, 20000) g");
        db.execute("ANALYZE amounts");
        String sql = "SELECT count(*) FROM amounts a JOIN orders o ON o.id = a.id WHERE a.amount + 0 = 5";
        List<Suggestion> s = joinOrder(sql);
        assertThat(s).extracting(Suggestion::action).containsExactly("rewrite");
        Suggestion rewrite = s.get(0);
        assertThat(rewrite.sql()).contains("a.amount = (5) - (0)").doesNotContain("amount + 0");
        assertThat((Double) rewrite.details().get("estimate_before")).isLessThan(200);
        assertThat((Double) rewrite.details().get("estimate_after")).isBetween(8000.0, 12000.0);
        assertThat(rewrite.details().get("actual_rows")).isEqualTo(10001.0); // the even ids, and id 5
        assertThat(db.value("SELECT (" + rewrite.sql() + ") = (" + sql + ")")).isEqualTo("t");
    }

    @Test
    void anImmutableExpressionWithoutARewriteGetsStatisticsOnTheExpression() {
        db.execute("CREATE TABLE codes (id int PRIMARY KEY, code text)");
        db.execute("INSERT INTO codes SELECT g, CASE WHEN g % 2 = 0 THEN 'ABC' ELSE 'x' || g END FROM generate_series(1, 20000) g");
        db.execute("ANALYZE codes");
        List<Suggestion> s = joinOrder("SELECT count(*) FROM codes c JOIN orders o ON o.id = c.id WHERE lower(c.code) = 'abc'");
        assertThat(s).extracting(Suggestion::action).containsExactly("expression_statistics");
        assertThat(s.get(0).sql()).startsWith("CREATE STATISTICS \"stat_codes_code_expr\" ON (lower(code)) FROM \"codes\"; ANALYZE");
        assertThat((Double) s.get(0).details().get("estimate_after")).isBetween(8000.0, 12000.0);
        assertThat(db.value("SELECT count(*) FROM pg_statistic_ext")).isEqualTo("0"); // rolled back
    }

    @Test
    void wellEstimatedJoinsGetNothing() {
        assertThat(joinOrder(DemoFixture.GUIDE_QUERY.replace(":start_date", "now() - interval '30 days'"))).isEmpty();
    }
}
