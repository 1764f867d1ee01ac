package io.dataflow.partition;

import io.dataflow.model.FieldType;
import io.dataflow.model.ModelSpec;
import io.dataflow.model.PartitioningSpec;
import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** One maintenance run: the model, "now" from DataFlow's clock, and what was done so far. */
final class MaintenanceContext {

    final DataSource dataSource;
    final io.dataflow.state.StateSchema state;
    final ModelSpec model;
    final String table;
    final Instant now;
    final LocalDate today;
    final boolean dryRun;
    final FaultHook hook;
    final List<MaintenanceAction> actions = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    MaintenanceContext(DataSource dataSource, io.dataflow.state.StateSchema state, ModelSpec model, Instant now, boolean dryRun, FaultHook hook) {
        this.state = state;
        this.dataSource = dataSource;
        this.model = model;
        this.table = model.table();
        this.now = now;
        this.today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        this.dryRun = dryRun;
        this.hook = hook;
    }

    PartitioningSpec partitioning() {
        return model.partitioning();
    }

    String key() {
        return model.partitioning().key();
    }

    FieldType keyType() {
        return model.field(key()).orElseThrow().type();
    }

    /** Records an action; a done one also goes to {@code dataflow.partition_log} (on the step's own connection: no second one needed). */
    void did(Connection c, String operation, String partition, String action, String detail) throws SQLException {
        actions.add(new MaintenanceAction(operation, partition, action, detail, !dryRun));
        if (!dryRun) PartitionStore.log(state, c, table, partition, operation + ":" + action, detail, now);
    }

    void skipped(String operation, String partition, String why) {
        actions.add(new MaintenanceAction(operation, partition, "skipped", why, false));
    }

    /** A range bound literal in UTC for the key's type, as the schema sync writes them. */
    String bound(LocalDate day) {
        return switch (keyType()) {
            case DATE -> Identifiers.literal(day.toString());
            case TIMESTAMP -> Identifiers.literal(day + " 00:00:00");
            default -> Identifiers.literal(day + " 00:00:00+00");
        };
    }

    String valueLiteral(String value) {
        FieldType t = keyType();
        if ((t == FieldType.INT || t == FieldType.INT32) && value.matches("-?\\d{1,19}")) return value;
        return Identifiers.literal(value);
    }

    String columnList() {
        return String.join(", ", model.columnNames().stream().map(Identifiers::quote).toList());
    }

    LocalDate cutoff(int olderThanMonths) {
        return today.minusMonths(olderThanMonths);
    }
}
