package io.dataflow.rewrite.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.rewrite.Optimization;
import io.dataflow.rewrite.RewriteOptions;
import io.dataflow.rewrite.RewriteReport;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ExistsOptimizationNode}: {original, use_semi_join} → IN/NOT IN/EXISTS rewrites, verified.
 * PostgreSQL already plans a top-level EXISTS as a semi-join; the output says so instead of
 * pretending to improve it.
 */
public final class ExistsOptimizationNode implements NodeDefinition {

    static final String TYPE = "ExistsOptimizationNode";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Turn EXISTS / IN / NOT IN subqueries into semi- and anti-joins where PostgreSQL does not already, verified on the live database";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("original", ValueType.STRING, "the query with EXISTS, IN or NOT IN subqueries"),
                KeySpec.optional("use_semi_join", ValueType.BOOLEAN, true, "rewrite into joins where the plan runs a subquery per row"),
                RewriteNodeOutputs.VERIFY, RewriteNodeOutputs.TIMEOUT, RewriteNodeOutputs.RUNS);
    }

    @Override
    public Set<String> outputs() {
        return RewriteNodeOutputs.KEYS;
    }

    @Override
    public void validate(ConfigReader config) {
        RewriteNodeOutputs.checkQuery(config, "original");
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        ConfigReader c = ConfigReader.of("node '" + context.nodeId() + "' (" + TYPE + ")", config);
        String sql = c.string("original");
        if (!c.bool("use_semi_join", true)) {
            RewriteReport r = RewriteNodeOutputs.rewriter(context).optimize(sql, RewriteOptions.defaults().optimization(Optimization.EXISTS_TO_SEMIJOIN)
                    .verify(false));
            List<String> warnings = new ArrayList<>(List.of("use_semi_join is false: the query is left as written"));
            if (!r.transformations().isEmpty()) warnings.add("with use_semi_join it would be rewritten to: " + r.rewritten());
            return RewriteNodeOutputs.toMap(new RewriteReport(sql, sql, List.of(), null, false, null, null, null, null, null,
                    warnings, false, null, null, null));
        }
        RewriteOptions options = RewriteOptions.defaults().optimization(Optimization.EXISTS_TO_SEMIJOIN).verify(c.bool("verify", true))
                .verifyOptions(RewriteNodeOutputs.verifyOptions(c));
        return RewriteNodeOutputs.toMap(RewriteNodeOutputs.rewriter(context).optimize(sql, options));
    }
}
