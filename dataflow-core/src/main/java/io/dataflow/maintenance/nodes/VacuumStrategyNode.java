package io.dataflow.maintenance.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.maintenance.TableSettings;
import io.dataflow.maintenance.VacuumStrategy;
import io.dataflow.schedule.MaintenanceWindow;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** The guide's VacuumStrategyNode: {@code tables: {name: {autovacuum_*: value, ..., manual_vacuum_schedule}}}. */
public final class VacuumStrategyNode implements NodeDefinition {

    public static final String TYPE = "VacuumStrategyNode";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Set per-table autovacuum and storage parameters (all tables in one transaction, every value checked first)"
                + " and schedule manual VACUUM (ANALYZE) jobs; outputs each table's reloptions before and after";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("tables", ValueType.MAP, "table -> {storage parameter: value, manual_vacuum_schedule: hourly|daily|weekly|monthly|cron}"),
                KeySpec.optional("maintenance_window", ValueType.STRING, null, "HH:MM-HH:MM (UTC) in which manual VACUUM jobs may start"),
                KeySpec.optional("dry_run", ValueType.BOOLEAN, false, "check and show the changes, then roll them back"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("applied", "tables", "warnings");
    }

    @Override
    public void validate(ConfigReader config) {
        TableSettings.readAll(config);
        if (config.value("maintenance_window") instanceof String w) MaintenanceWindow.parse(w, config.where(), "maintenance_window");
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        ConfigReader reader = ConfigReader.of(Outputs.where(context, TYPE), config);
        VacuumStrategy.Options options = new VacuumStrategy.Options(reader.where(),
                reader.optString("maintenance_window").orElse(null), reader.bool("dry_run", false));
        return Outputs.of(context.db().maintenance().vacuumStrategy().apply(TableSettings.readAll(reader), options));
    }
}
