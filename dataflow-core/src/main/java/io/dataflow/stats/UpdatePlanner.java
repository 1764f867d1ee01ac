package io.dataflow.stats;

import static io.dataflow.sql.Identifiers.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a request into per-table statements, checking every table and column first so that a bad
 * name refuses the whole request before anything runs.
 */
final class UpdatePlanner {

    private UpdatePlanner() {
    }

    static List<TablePlan> plan(UpdateRequest request, SchemaTables schema, String where) {
        List<SchemaTables.Table> tables = schema.require(request.tables(), where, "tables");
        List<TablePlan> plans = new ArrayList<>();
        for (SchemaTables.Table table : tables) {
            List<String> columns = request.columns().resolve(table, where, "columns");
            Integer target = request.sampleRate() == null ? null : request.sampleRate().target(schema.defaultTarget());
            List<String> statements = new ArrayList<>();
            if (target != null && !columns.isEmpty()) statements.add(alter(schema.qualified(table.name()), columns, target));
            // A column list leaves n_mod_since_analyze as it is (PostgreSQL only resets it for a whole-table ANALYZE).
            statements.add("ANALYZE " + schema.qualified(table.name())
                    + (request.columns().isAll() ? "" : " (" + columns.stream().map(c -> quote(c)).collect(Collectors.joining(", ")) + ")"));
            plans.add(new TablePlan(table.name(), columns, target, statements));
        }
        return plans;
    }

    private static String alter(String table, List<String> columns, int target) {
        return "ALTER TABLE " + table + " " + columns.stream()
                .map(c -> "ALTER COLUMN " + quote(c) + " SET STATISTICS " + target)
                .collect(Collectors.joining(", "));
    }
}
