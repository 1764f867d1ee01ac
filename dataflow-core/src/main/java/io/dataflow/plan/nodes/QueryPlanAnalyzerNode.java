package io.dataflow.plan.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.plan.PlanOptions;
import io.dataflow.plan.PlanText;
import io.dataflow.plan.QueryPlan;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.ValueType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code QueryPlanAnalyzerNode}: {query, analyze_options, params, analyze, timeout_ms} → {@code db.plans().analyze}. */
public final class QueryPlanAnalyzerNode implements NodeDefinition {

    @Override
    public String type() {
        return "QueryPlanAnalyzerNode";
    }

    @Override
    public String description() {
        return "EXPLAIN a query (ANALYZE, in a transaction that is rolled back) and report its plan tree and findings";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("query", ValueType.STRING, "the statement to analyze; :name placeholders are bound from params"),
                KeySpec.optional("analyze_options", ValueType.MAP, null, "EXPLAIN options").with(ConfigSchema.of(
                        KeySpec.optional("buffers", ValueType.BOOLEAN, true, "report buffer usage"),
                        KeySpec.optional("timing", ValueType.BOOLEAN, true, "time every node"),
                        KeySpec.optional("verbose", ValueType.BOOLEAN, true, "output columns and qualified names"),
                        KeySpec.optional("format", ValueType.STRING, "json", "json (the plan tree), or text (adds a rendered tree)")
                                .oneOf("json", "text"))),
                KeySpec.optional("params", ValueType.MAP, null, "values of :name placeholders; {value, type} gives a type explicitly"),
                KeySpec.optional("analyze", ValueType.BOOLEAN, true, "execute the statement (false: estimated plan only)"),
                KeySpec.optional("timeout_ms", ValueType.INTEGER, 30_000, "statement timeout of the analysis"));
    }

    @Override
    public Set<String> outputs() {
        return PlanNodeOutputs.QUERY_PLAN_KEYS;
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        ConfigReader c = ConfigReader.of(type(), config);
        ConfigReader options = c.optSection("analyze_options").orElse(ConfigReader.of(type(), Map.of()));
        Map<String, Object> params = new LinkedHashMap<>(context.params());
        params.putAll(PlanNodeOutputs.params(c));
        PlanOptions o = PlanOptions.defaults().analyze(c.bool("analyze", true)).buffers(options.bool("buffers", true))
                .timing(options.bool("timing", true)).verbose(options.bool("verbose", true))
                .timeout(Duration.ofMillis(c.integer("timeout_ms", 30_000))).params(params);
        QueryPlan plan = context.db().plans().analyze(c.string("query"), o);
        Map<String, Object> out = PlanNodeOutputs.toMap(plan);
        if ("text".equals(options.optString("format").orElse("json"))) out.put("text", PlanText.render(plan));
        return out;
    }
}
