package io.dataflow.plan.nodes;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.plan.QueryPlan;
import io.dataflow.plan.SuggestOptions;
import io.dataflow.plan.Suggestion;
import io.dataflow.plan.SuggestionKind;
import io.dataflow.plan.WhatIf;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code QueryOptimizerNode}: {plan: ":analyze_plan", suggest: [...]} → {@code db.plans().suggest}. */
public final class QueryOptimizerNode implements NodeDefinition {

    @Override
    public String type() {
        return "QueryOptimizerNode";
    }

    @Override
    public String description() {
        return "Suggest indexes, statistics, rewrites and materialized views for an analyzed query, each checked what-if";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("plan", ValueType.MAP, "a QueryPlanAnalyzerNode's output, e.g. \":analyze_plan\""),
                KeySpec.optional("suggest", ValueType.LIST, List.of("missing_indexes", "join_order", "filter_pushdown", "materialized_views"),
                        "which suggestions").oneOf("missing_indexes", "join_order", "filter_pushdown", "materialized_views"),
                KeySpec.optional("what_if", ValueType.STRING, "auto", "hypothetical indexes: hypopg, rollback (built in a rolled-back"
                        + " transaction; blocks writes meanwhile) or auto (hypopg when installed)").oneOf("auto", "hypopg", "rollback"),
                KeySpec.optional("min_gain", ValueType.NUMBER, 0.10, "a suggestion must lower the planner cost by at least this fraction"),
                KeySpec.optional("max_indexes", ValueType.INTEGER, 3, "at most this many new indexes"),
                KeySpec.optional("measure", ValueType.BOOLEAN, true, "execute with the suggestion in place (rolled back) where possible"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("suggestions", "count", "cost_before");
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        ConfigReader c = ConfigReader.of(type(), config);
        QueryPlan plan;
        try {
            plan = PlanNodeOutputs.queryPlan(c.value("plan"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(type(), "plan", "is not a QueryPlanAnalyzerNode output (" + e.getMessage().split("\n")[0] + ")");
        }
        if (plan.sql() == null || plan.plan() == null) {
            throw new ConfigException(type(), "plan", "is not a QueryPlanAnalyzerNode output: it needs its sql and plan");
        }
        Set<SuggestionKind> kinds = c.optStringList("suggest").orElse(List.of("missing_indexes", "join_order", "filter_pushdown",
                "materialized_views")).stream().map(SuggestionKind::parse).collect(Collectors.toSet());
        SuggestOptions options = new SuggestOptions(kinds, WhatIf.Mode.valueOf(c.optString("what_if").orElse("auto").toUpperCase(Locale.ROOT)),
                c.optNumber("min_gain").orElse(0.10), c.integer("max_indexes", 3), c.bool("measure", true));
        List<Suggestion> suggestions = context.db().plans().suggest(plan, options);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("suggestions", suggestions.stream().map(PlanNodeOutputs::toMap).toList());
        out.put("count", suggestions.size());
        out.put("cost_before", plan.totalCost());
        return out;
    }
}
