package io.dataflow.dashboard;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.state.StateFeature;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Whether the dashboard may keep the monitor's history on a database: it tries to create the monitor's
 * tables and, when the role is refused (a read-only role with SELECT and pg_read_all_stats), says which
 * privilege is missing, so the dashboard runs without history and creates nothing.
 */
final class HistoryAccess {

    private HistoryAccess() {
    }

    /** Null when the monitor's tables exist or were created; otherwise why they cannot be. */
    static String refusal(DataFlow db) {
        try {
            db.state().ensure(StateFeature.MONITOR);
            return null;
        } catch (DataFlowException e) {
            return missingPrivilege(db, e.getMessage());
        }
    }

    /** Names the missing privilege from the catalog; falls back to the database's own error. */
    static String missingPrivilege(DataFlow db, String error) {
        String schema = db.state().name();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT current_user, current_database(), has_database_privilege(current_database(), 'CREATE'),"
                        + " n.oid IS NOT NULL, n.oid IS NOT NULL AND has_schema_privilege(n.oid, 'CREATE')"
                        + " FROM (SELECT 1) one LEFT JOIN pg_namespace n ON n.nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String role = rs.getString(1);
                String database = rs.getString(2);
                boolean createDb = rs.getBoolean(3);
                boolean schemaExists = rs.getBoolean(4);
                boolean createSchema = rs.getBoolean(5);
                String keep = "the monitor's history (charts, statement history, alerts) is not being kept: ";
                if (!schemaExists && !createDb) {
                    return keep + "role " + role + " lacks CREATE on database " + database + " to create DataFlow's state schema '" + schema
                            + "' (GRANT CREATE ON DATABASE " + database + " TO " + role + ", or run the dashboard once as the owner)";
                }
                if (schemaExists && !createSchema) {
                    return keep + "role " + role + " lacks CREATE on schema " + schema + " for the monitor's tables (GRANT CREATE ON SCHEMA "
                            + schema + " TO " + role + ")";
                }
                return keep + error;
            }
        } catch (SQLException e) {
            return "the monitor's history is not being kept: " + error;
        }
    }
}
