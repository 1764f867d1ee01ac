package io.dataflow.maintenance.nodes;

import io.dataflow.config.ConfigReader;
import io.dataflow.maintenance.Vacuum;
import io.dataflow.maintenance.VacuumRequest;
import io.dataflow.schedule.MaintenanceWindow;
import io.dataflow.schedule.Schedule;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/**
 * {@code VacuumNode {tables, full, analyze}}: VACUUM now, or on a {@code schedule}. The manual
 * VACUUM jobs of VacuumStrategyNode and the VACUUM FULL jobs of BloatMonitorNode run this node.
 */
public final class VacuumNode implements NodeDefinition {

    public static final String TYPE = "VacuumNode";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "VACUUM tables (FULL rewrites them under an ACCESS EXCLUSIVE lock; ANALYZE refreshes statistics), now or on a"
                + " schedule; outputs each table's size before and after";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.required("tables", ValueType.LIST, "the tables, as table or schema.table"),
                KeySpec.optional("full", ValueType.BOOLEAN, false, "VACUUM FULL: give space back to the OS; blocks all access while it runs"),
                KeySpec.optional("analyze", ValueType.BOOLEAN, true, "also refresh planner statistics"),
                KeySpec.optional("lock_timeout_ms", ValueType.INTEGER, null, "give up when a table's lock is not granted in time"),
                KeySpec.optional("schedule", ValueType.STRING, null, "hourly, daily, weekly, monthly or cron: register a job instead of running now"),
                KeySpec.optional("maintenance_window", ValueType.STRING, null, "HH:MM-HH:MM (UTC) in which the scheduled job may start"));
    }

    @Override
    public Set<String> outputs() {
        return Set.of("tables");
    }

    @Override
    public void validate(ConfigReader config) {
        VacuumRequest.read(config);
        if (config.value("schedule") instanceof String s) Schedule.parse(s, config.where(), "schedule");
        if (config.value("maintenance_window") instanceof String w) MaintenanceWindow.parse(w, config.where(), "maintenance_window");
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        VacuumRequest request = VacuumRequest.read(ConfigReader.of(Outputs.where(context, TYPE), config));
        return Outputs.of(context.db().maintenance().vacuum().run(request));
    }
}
