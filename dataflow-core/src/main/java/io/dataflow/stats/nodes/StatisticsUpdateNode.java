package io.dataflow.stats.nodes;

import io.dataflow.Json;
import io.dataflow.config.ConfigReader;
import io.dataflow.sql.Identifiers;
import io.dataflow.stats.ColumnSelection;
import io.dataflow.stats.SampleRate;
import io.dataflow.stats.Statistics;
import io.dataflow.stats.UpdateReport;
import io.dataflow.stats.UpdateRequest;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.Reference;
import io.dataflow.workflow.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code StatisticsUpdateNode}: {tables, sample_rate, columns, schedule}; an adapter over {@link Statistics#update}. */
public final class StatisticsUpdateNode implements NodeDefinition {

    @Override
    public String type() {
        return "StatisticsUpdateNode";
    }

    @Override
    public String description() {
        return "ANALYZE tables, first setting the chosen columns' statistics target from sample_rate; outputs per table"
                + " the columns, statistics target, rows sampled and duration";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("tables", ValueType.LIST, "tables of the current schema to analyze"),
                KeySpec.optional("sample_rate", ValueType.ANY, null, "percent 1-100 of the largest sample: statistics target"
                        + " max(default_statistics_target, rate x 100), so 100 = 10000; 'default' resets to the server default;"
                        + " absent keeps each column's target"),
                KeySpec.optional("columns", ValueType.ANY, "all", "'all' or a list of columns every table has (a list is analyzed"
                        + " alone and leaves n_mod_since_analyze as it is)"),
                KeySpec.optional("schedule", ValueType.STRING, null, "hourly, daily, weekly, monthly or 5-field cron: registers a job instead of running now"),
                KeySpec.optional("dry_run", ValueType.BOOLEAN, false, "output the statements without running them"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("dry_run", "tables", "plan", "rows_sampled_basis");
    }

    @Override
    public void validate(ConfigReader config) {
        // Values that reference other nodes are checked when they arrive, in execute.
        if (!(config.value("tables") instanceof Reference)) tables(config);
        if (!(config.value("sample_rate") instanceof Reference)) SampleRate.parse(config.value("sample_rate"), config.where(), "sample_rate");
        if (!(config.value("columns") instanceof Reference)) ColumnSelection.parse(config.value("columns"), config.where(), "columns");
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        String where = "node '" + context.nodeId() + "' (" + type() + ")";
        ConfigReader reader = ConfigReader.of(where, config);
        UpdateRequest request = new UpdateRequest(tables(reader), SampleRate.parse(config.get("sample_rate"), where, "sample_rate"),
                ColumnSelection.parse(config.get("columns"), where, "columns"));
        Statistics statistics = context.db().statistics();
        UpdateReport report = Boolean.TRUE.equals(config.get("dry_run")) ? statistics.preview(request, where) : statistics.update(request, where);
        return Json.mapper().convertValue(report, NodeOutput.MAP);
    }

    private static List<String> tables(ConfigReader config) {
        List<String> tables = config.stringList("tables");
        if (tables.isEmpty()) throw config.error("tables", "must name at least one table");
        for (int i = 0; i < tables.size(); i++) Identifiers.require(tables.get(i), config.where(), "tables[" + i + "]");
        return tables;
    }
}
