package io.dataflow.it.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.config.ConfigException;
import io.dataflow.it.Cli;
import io.dataflow.it.TestServers;
import io.dataflow.workflow.Results;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The guide's QueryRewriterNode and ExistsOptimizationNode snippets in a workflow, and {@code ./dataflow rewrite}. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class RewriteNodesIT {

    static final String GUIDE_EXISTS = """
            SELECT * FROM products p
            WHERE EXISTS (
                SELECT 1 FROM order_items oi
                WHERE oi.product_id = p.id
                AND oi.created_at > NOW() - INTERVAL '30 days'
            )
            """;

    final TestServers.Server server;
    RewriteDatabase data;

    RewriteNodesIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void open() {
        data = RewriteDatabase.shared(server);
    }

    @Test
    void theGuidesSnippetsRunAndReportTheDocumentedKeys() {
        Results results = data.flow.runtime().execute(data.flow.workflow()
                .addNode("QueryRewriterNode", "rewrite_subquery", Map.of("original_query", RewriteIT.GUIDE, "optimization", "decorrelate",
                        "rewritten", RewriteIT.GUIDE_REWRITTEN))
                .addNode("ExistsOptimizationNode", "optimize_exists", Map.of("original", GUIDE_EXISTS, "use_semi_join", true))
                .build());
        assertThat(results.ok()).as(results.toString()).isTrue();
        Map<String, Object> rewrite = results.output("rewrite_subquery");
        for (String key : List.of("rewritten", "transformations", "equivalent", "verified", "cost_before", "cost_after", "time_before_ms",
                "time_after_ms", "speedup", "warnings")) {
            assertThat(rewrite).as(key).containsKey(key);
        }
        assertThat(rewrite.get("equivalent")).isEqualTo(true);
        assertThat(rewrite.get("verified")).isEqualTo(true);
        assertThat((String) rewrite.get("rewritten")).contains("JOIN (SELECT o.user_id, COUNT(*) AS count");
        @SuppressWarnings("unchecked")
        Map<String, Object> supplied = (Map<String, Object>) rewrite.get("supplied");
        assertThat(supplied.get("equivalent")).isEqualTo(true);
        assertThat(supplied).containsKeys("faster", "speedup", "time_after_ms", "cost_after");

        Map<String, Object> exists = results.output("optimize_exists");
        assertThat((List<?>) exists.get("transformations")).isEmpty();
        assertThat((List<?>) exists.get("warnings")).anyMatch(w -> w.toString().contains("already optimal"));
        assertThat(exists.get("rewritten")).isEqualTo(GUIDE_EXISTS);
    }

    @Test
    void configsAreCheckedBeforeAnythingRuns() {
        assertThatThrownBy(() -> data.flow.workflow().addNode("QueryRewriterNode", "r", Map.of("original_query", "SELECT 1",
                "optimization", "decorelate")).build()).isInstanceOf(ConfigException.class).hasMessageContaining("optimization")
                .hasMessageContaining("decorrelate");
        assertThatThrownBy(() -> data.flow.workflow().addNode("QueryRewriterNode", "r", Map.of("original_query", "SELECT id, FROM users")).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("original_query").hasMessageContaining("position");
        assertThatThrownBy(() -> data.flow.workflow().addNode("ExistsOptimizationNode", "e", Map.of("original", "DELETE FROM orders")).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("original").hasMessageContaining("not a query");
        assertThatThrownBy(() -> data.flow.workflow().addNode("ExistsOptimizationNode", "e", Map.of("query", "SELECT 1")).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("original");
        assertThat(data.db.value("SELECT count(*) FROM orders")).isEqualTo("260");
    }

    @Test
    void cliJsonTextAndNoVerify() throws Exception {
        Cli.Run json = Cli.run("rewrite", "--sql", RewriteIT.GUIDE, "--url", data.db.url(), "--json", "--runs", "1");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode node = new ObjectMapper().readTree(json.out());
        for (String key : new String[] {"rewritten", "transformations", "equivalent", "verified", "cost_before", "cost_after", "time_before_ms",
                "time_after_ms", "speedup", "warnings"}) {
            assertThat(node.has(key)).as(key).isTrue();
        }
        assertThat(node.get("equivalent").asBoolean()).isTrue();

        Cli.Run text = Cli.run("rewrite", "--sql", "SELECT u.id FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) < 2",
                "--url", data.db.url(), "--runs", "1");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("LEFT JOIN").contains("COALESCE(o_agg.count, 0) < 2").contains("Equivalent: yes").contains("Time:");

        Cli.Run unverified = Cli.run("rewrite", "--sql", RewriteIT.GUIDE, "--url", data.db.url(), "--no-verify", "--json");
        assertThat(unverified.exit()).as(unverified.err()).isZero();
        JsonNode u = new ObjectMapper().readTree(unverified.out());
        assertThat(u.get("verified").asBoolean()).isFalse();
        assertThat(u.get("equivalent").isNull()).isTrue();

        Cli.Run bad = Cli.run("rewrite", "--sql", "SELECT * FROM users WHERE id = = 3", "--url", data.db.url());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("position 32").contains("^");
        Cli.Run dml = Cli.run("rewrite", "--sql", "DELETE FROM orders", "--url", data.db.url());
        assertThat(dml.exit()).isEqualTo(2);
        assertThat(dml.err()).contains("refused");
        assertThat(data.db.value("SELECT count(*) FROM orders")).isEqualTo("260");
    }
}
