package io.dataflow.maintenance;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.schedule.Schedule;
import io.dataflow.workflow.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What VacuumStrategy sets on one table: storage parameters already checked against their type
 * and range (as the text PostgreSQL stores), and an optional manual VACUUM schedule.
 *
 * @param table                the table
 * @param key                  where in the config it came from, for messages ({@code tables.orders})
 * @param parameters           parameter name ({@code toast.} prefixed for the TOAST table) to value
 * @param manualVacuumSchedule hourly, daily, weekly, monthly or cron; null for none
 */
public record TableSettings(TableName table, String key, Map<String, String> parameters, String manualVacuumSchedule) {

    public static final String MANUAL_VACUUM_SCHEDULE = "manual_vacuum_schedule";

    public TableSettings {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Reads {@code tables: {name: {parameter: value, ..., manual_vacuum_schedule}}} and checks
     * every name and value before anything runs. References to other nodes are left unchecked.
     */
    public static List<TableSettings> readAll(ConfigReader config) {
        Object tables = config.value("tables");
        if (tables instanceof Reference) return List.of();
        Map<String, ConfigReader> sections = config.sections("tables");
        if (sections.isEmpty()) throw config.error("tables", "names no table: write {table: {parameter: value}}");
        List<TableSettings> out = new ArrayList<>();
        sections.forEach((name, section) -> out.add(read(config.where(), config.path("tables") + "." + name, name, section)));
        return out;
    }

    static TableSettings read(String where, String key, String name, ConfigReader section) {
        TableName table = TableName.parse(name, where, key);
        if (section.keys().isEmpty()) {
            throw new ConfigException(where, key, "sets nothing: give storage parameters or " + MANUAL_VACUUM_SCHEDULE);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String schedule = null;
        for (String k : section.keys()) {
            Object value = section.value(k);
            if (value instanceof Reference) throw section.error(k, "must be a value here, not a reference to another node");
            if (k.equals(MANUAL_VACUUM_SCHEDULE)) {
                schedule = Schedule.parse(section.string(k), where, section.path(k)).text();
            } else {
                StorageParameter p = StorageParameters.require(k, where, section.path(k), List.of(MANUAL_VACUUM_SCHEDULE));
                if (value == null) throw section.error(k, "needs a value");
                parameters.put(k, p.render(value, where, section.path(k)));
            }
        }
        return new TableSettings(table, key, parameters, schedule);
    }
}
