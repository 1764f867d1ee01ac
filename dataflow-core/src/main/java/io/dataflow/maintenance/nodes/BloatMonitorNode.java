package io.dataflow.maintenance.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.maintenance.BloatAction;
import io.dataflow.maintenance.BloatMonitor;
import io.dataflow.maintenance.BloatRequest;
import io.dataflow.maintenance.BloatThresholds;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** The guide's BloatMonitorNode: {@code thresholds}, {@code actions: {high_bloat, medium_bloat}}, tables, maintenance_window. */
public final class BloatMonitorNode implements NodeDefinition {

    public static final String TYPE = "BloatMonitorNode";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Measure table and btree index bloat (exact with pgstattuple, else estimated from statistics), classify it high"
                + " or medium, and act: " + String.join(", ", BloatAction.words());
    }

    @Override
    public ConfigSchema schema() {
        BloatThresholds guide = BloatThresholds.GUIDE;
        String actionHelp = "an action or a list of them: " + String.join(", ", BloatAction.words());
        return ConfigSchema.of(
                KeySpec.optional("thresholds", ValueType.MAP, null, "when a relation is bloated; the guide's values by default")
                        .with(ConfigSchema.of(
                                KeySpec.optional("table_bloat_ratio", ValueType.NUMBER, guide.tableBloatRatio(), "high bloat: size / needed size at least this"),
                                KeySpec.optional("index_bloat_ratio", ValueType.NUMBER, guide.indexBloatRatio(), "the same for indexes"),
                                KeySpec.optional("min_wasted_bytes", ValueType.INTEGER, guide.minWastedBytes(), "ignore relations wasting less"))),
                KeySpec.optional("actions", ValueType.MAP, null, "what to do per level; report only by default")
                        .with(ConfigSchema.of(
                                KeySpec.optional("high_bloat", ValueType.ANY, null, actionHelp),
                                KeySpec.optional("medium_bloat", ValueType.ANY, null, actionHelp + " (medium: half-way from 1 to the threshold)"))),
                KeySpec.optional("tables", ValueType.LIST, null, "the tables to check with their indexes; every user table by default"),
                KeySpec.optional("maintenance_window", ValueType.STRING, null, "HH:MM-HH:MM (UTC) for schedule_vacuum_full (default: " + io.dataflow.maintenance.BloatRequest.DEFAULT_WINDOW + ")"),
                KeySpec.optional("method", ValueType.STRING, "auto", "auto: pgstattuple when possible; exact: pgstattuple or fail; estimate: statistics only")
                        .oneOf(BloatRequest.Method.words().toArray(String[]::new)),
                KeySpec.optional("analyze", ValueType.BOOLEAN, true, "ANALYZE a table before estimating it"),
                KeySpec.optional("exact_scan_limit_bytes", ValueType.INTEGER, BloatRequest.DEFAULT_EXACT_SCAN_LIMIT,
                        "in auto, larger relations are not read whole"),
                KeySpec.optional("dry_run", ValueType.BOOLEAN, false, "measure and show what would be done, without doing it"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("pgstattuple", "thresholds", "table_medium_ratio", "index_medium_ratio", "dry_run", "tables", "indexes",
                "notes", "failed_actions");
    }

    @Override
    public void validate(ConfigReader config) {
        BloatRequest.read(config);
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        BloatRequest request = BloatRequest.read(ConfigReader.of(Outputs.where(context, TYPE), config));
        return Outputs.of(context.db().maintenance().bloat().check(request));
    }
}
