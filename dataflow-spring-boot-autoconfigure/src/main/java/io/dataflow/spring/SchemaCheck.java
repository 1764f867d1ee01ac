package io.dataflow.spring;

import io.dataflow.model.schema.Drift;
import io.dataflow.model.schema.SchemaStep;
import java.util.List;

/**
 * What {@code dataflow.schema.sync} found at startup: in validate mode the statements that would run
 * and the drift (nothing changed); in create-missing mode what ran. Shown by the Actuator endpoint.
 */
public record SchemaCheck(DataFlowProperties.SyncMode mode, List<SchemaStep> pending, List<SchemaStep> applied, List<Drift> drift) {

    static SchemaCheck none() {
        return new SchemaCheck(DataFlowProperties.SyncMode.NONE, List.of(), List.of(), List.of());
    }

    public boolean upToDate() {
        return pending.isEmpty() && drift.isEmpty();
    }
}
