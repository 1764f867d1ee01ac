package io.dataflow.it.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.TestServers;
import io.dataflow.plan.QueryPlan;
import io.dataflow.plan.SuggestOptions;
import io.dataflow.plan.Suggestion;
import io.dataflow.plan.SuggestionKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** materialized_views: the guide's dashboard aggregate becomes a ready MaterializedViewNode config. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class MaterializedViewIT extends DemoCopyTest {

    static final String DASHBOARD = """
            SELECT
                u.id as user_id,
                u.name,
                COUNT(DISTINCT o.id) as total_orders,
                SUM(o.total) as lifetime_value,
                AVG(o.total) as avg_order_value,
                MAX(o.created_at) as last_order_date
            FROM users u
            LEFT JOIN orders o ON u.id = o.user_id
            GROUP BY u.id, u.name""";


    MaterializedViewIT(TestServers.Server server) {
        super(server);
    }

    List<Suggestion> views(String sql) {
        QueryPlan plan = flow.plans().analyze(sql);
        return flow.plans().suggest(plan, SuggestOptions.of(SuggestionKind.MATERIALIZED_VIEWS));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anExpensiveAggregateBecomesAMaterializedViewNodeConfig() {
        List<Suggestion> s = views(DASHBOARD);
        assertThat(s).hasSize(1);
        Suggestion view = s.get(0);
        assertThat(view.kind()).isEqualTo("materialized_views");
        assertThat(view.sql()).startsWith("CREATE MATERIALIZED VIEW \"mv_orders_users_").contains("; CREATE UNIQUE INDEX ON \"mv_orders_users_")
                .endsWith("(\"user_id\", \"name\")");
        assertThat(view.costAfter()).isLessThan(view.costBefore());
        assertThat(view.msAfter()).isNotNull().isLessThan(view.msBefore());
        assertThat(view.details()).containsEntry("node_type", "MaterializedViewNode");
        Map<String, Object> node = (Map<String, Object>) view.details().get("node_config");
        assertThat(node).containsKeys("name", "query", "indexes", "refresh");
        assertThat(node.get("indexes")).isEqualTo(List.of("user_id", "name"));
        assertThat((Map<String, Object>) node.get("refresh")).containsEntry("method", "concurrent").containsEntry("schedule", "0 */4 * * *");
        assertThat(db.value("SELECT count(*) FROM pg_matviews")).isEqualTo("0"); // measured in a rolled-back savepoint

        for (String part : view.sql().split("; ")) db.execute(part);
        db.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY " + node.get("name"));
        assertThat(db.value("SELECT count(*) FROM " + node.get("name"))).isEqualTo(db.value("SELECT count(*) FROM users"));
    }

    @Test
    void cheapOrParameterizedAggregatesGetNothing() {
        assertThat(views("SELECT status, count(*) FROM orders WHERE id < 100 GROUP BY status")).isEmpty();
        QueryPlan withParam = flow.plans().analyze("SELECT user_id, count(*) FROM orders WHERE created_at > :since GROUP BY user_id",
                io.dataflow.plan.PlanOptions.defaults().param("since", "2020-01-01"));
        assertThat(flow.plans().suggest(withParam, SuggestOptions.of(SuggestionKind.MATERIALIZED_VIEWS))).isEmpty();
    }
}
