package io.dataflow.stats.nodes;

import io.dataflow.Json;
import io.dataflow.config.ConfigReader;
import io.dataflow.sql.Identifiers;
import io.dataflow.stats.AlertThreshold;
import io.dataflow.stats.AnalysisRequest;
import io.dataflow.stats.Statistics;
import io.dataflow.stats.StatisticsCheck;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.Reference;
import io.dataflow.workflow.ValueType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code StatisticsAnalyzerNode}: {check, alert_threshold, tables, schedule}; an adapter over {@link Statistics#analyze}. */
public final class StatisticsAnalyzerNode implements NodeDefinition {

    @Override
    public String type() {
        return "StatisticsAnalyzerNode";
    }

    @Override
    public String description() {
        return "Check statistics quality (outdated, missing, skewed, correlated columns); outputs findings with evidence,"
                + " severity and fix SQL";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.optional("check", ValueType.LIST, StatisticsCheck.guideNames(), "the checks to run (all when absent)")
                        .oneOf(StatisticsCheck.guideNames().toArray(String[]::new)),
                KeySpec.optional("alert_threshold", ValueType.MAP, null, "when statistics count as outdated").with(ConfigSchema.of(
                        KeySpec.optional("staleness_days", ValueType.NUMBER, AlertThreshold.DEFAULT.stalenessDays(),
                                "last ANALYZE at least this many days ago"),
                        KeySpec.optional("row_change_percent", ValueType.NUMBER, AlertThreshold.DEFAULT.rowChangePercent(),
                                "rows changed since the last ANALYZE, in percent of the rows it counted"))),
                KeySpec.optional("tables", ValueType.LIST, null, "tables of the current schema (all when absent)"),
                KeySpec.optional("schedule", ValueType.STRING, null, "hourly, daily, weekly, monthly or 5-field cron: registers a job instead of running now"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("tables", "checks", "findings", "summary", "pairs_probed", "notes");
    }

    @Override
    public void validate(ConfigReader config) {
        request(config);
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        String where = "node '" + context.nodeId() + "' (" + type() + ")";
        AnalysisRequest request = request(ConfigReader.of(where, config));
        return Json.mapper().convertValue(context.db().statistics().analyze(request, where), NodeOutput.MAP);
    }

    /** The typed request; values that reference other nodes are checked when they arrive. */
    private static AnalysisRequest request(ConfigReader config) {
        Set<StatisticsCheck> checks = EnumSet.noneOf(StatisticsCheck.class);
        if (!(config.value("check") instanceof Reference)) {
            List<?> names = config.list("check");
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i) instanceof String s) checks.add(StatisticsCheck.parse(s, config.where(), "check[" + i + "]"));
            }
        }
        AlertThreshold threshold = null;
        if (config.value("alert_threshold") instanceof Map<?, ?>) {
            ConfigReader t = config.section("alert_threshold");
            threshold = AlertThreshold.of(number(t, "staleness_days"), number(t, "row_change_percent"), config.where());
        }
        List<String> tables = new ArrayList<>();
        if (!(config.value("tables") instanceof Reference)) {
            tables.addAll(config.optStringList("tables").orElse(List.of()));
            for (int i = 0; i < tables.size(); i++) Identifiers.require(tables.get(i), config.where(), "tables[" + i + "]");
        }
        return new AnalysisRequest(checks, threshold, tables, null);
    }

    private static Double number(ConfigReader section, String key) {
        return section.value(key) instanceof Reference ? null : section.optNumber(key).orElse(null);
    }
}
