package io.dataflow.maintenance;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;

/** The guide guards vacuum and bloat work with {@code if db.dialect == "postgresql"}; so do we. */
final class PostgresOnly {

    private PostgresOnly() {
    }

    static void require(String dialect, String capability) {
        if (!"postgresql".equals(dialect)) {
            throw new DataFlowException(capability + " needs PostgreSQL (VACUUM, reloptions and pgstattuple are PostgreSQL's);"
                    + " this DataFlow's dialect is " + dialect);
        }
    }

    static void require(DataFlow db, String capability) {
        require(db.dialect(), capability);
    }
}
