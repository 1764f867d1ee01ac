package io.dataflow.rewrite.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.rewrite.Optimization;
import io.dataflow.rewrite.RewriteOptions;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** {@code QueryRewriterNode}: {original_query, optimization, rewritten, verify} → {@code db.rewriter().optimize}. */
public final class QueryRewriterNode implements NodeDefinition {

    static final String TYPE = "QueryRewriterNode";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Rewrite a query (decorrelate, semi-joins, sargable predicates) and prove the rewrite equivalent and faster on the live database";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("original_query", ValueType.STRING, "the query to rewrite (a SELECT)"),
                KeySpec.optional("optimization", ValueType.STRING, "auto", "which rewrites to try")
                        .oneOf("decorrelate", "exists_to_semijoin", "sargable", "auto"),
                KeySpec.optional("rewritten", ValueType.STRING, null, "your own rewrite: verified too (equivalent? faster?)"),
                RewriteNodeOutputs.VERIFY, RewriteNodeOutputs.TIMEOUT, RewriteNodeOutputs.RUNS);
    }

    @Override
    public Set<String> outputs() {
        return RewriteNodeOutputs.KEYS;
    }

    @Override
    public void validate(ConfigReader config) {
        RewriteNodeOutputs.checkQuery(config, "original_query");
        RewriteNodeOutputs.checkQuery(config, "rewritten");
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        ConfigReader c = ConfigReader.of("node '" + context.nodeId() + "' (" + TYPE + ")", config);
        RewriteOptions options = RewriteOptions.defaults().optimization(Optimization.parse(c.optString("optimization").orElse("auto")))
                .verify(c.bool("verify", true)).supplied(c.optString("rewritten").orElse(null))
                .verifyOptions(RewriteNodeOutputs.verifyOptions(c));
        return RewriteNodeOutputs.toMap(RewriteNodeOutputs.rewriter(context).optimize(c.string("original_query"), options));
    }
}
