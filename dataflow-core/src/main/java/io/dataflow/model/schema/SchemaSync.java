package io.dataflow.model.schema;

import io.dataflow.DataFlowException;
import io.dataflow.dialect.Dialect;
import io.dataflow.model.ModelSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Plans and applies the schema in one transaction: either every statement of the plan is applied,
 * or none is. An advisory lock serialises concurrent syncs, and the plan is computed inside the lock,
 * so two processes syncing at once do not both try to create the same table.
 */
public final class SchemaSync {

    private final DataSource dataSource;
    private final Dialect dialect;
    private final SchemaPlanner planner;
    private final Clock clock;
    private final int lockTimeoutSeconds;

    public SchemaSync(DataSource dataSource, Dialect dialect, Clock clock, int lockTimeoutSeconds) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.planner = new SchemaPlanner(dialect);
        this.clock = clock;
        this.lockTimeoutSeconds = lockTimeoutSeconds;
    }

    /** What sync would do; nothing is changed. */
    public SchemaPlan plan(List<ModelSpec> models) {
        return inTransaction(connection -> {
            SchemaPlan plan = planner.plan(connection, models, today());
            connection.rollback();
            return plan;
        });
    }

    /** Creates what is missing and reports what it did; drift is reported, never altered. */
    public SyncReport sync(List<ModelSpec> models) {
        return inTransaction(connection -> {
            dialect.lockSchemaChanges(connection);
            SchemaPlan plan = planner.plan(connection, models, today());
            List<SchemaStep> applied = new ArrayList<>();
            try (Statement st = connection.createStatement()) {
                for (SchemaStep step : plan.steps()) {
                    try {
                        st.execute(step.sql());
                    } catch (SQLException e) {
                        throw new DataFlowException("model " + step.model() + ": " + step.note() + " failed, nothing was changed"
                                + " (the whole sync is one transaction): " + e.getMessage() + "\nstatement: " + step.sql(), e);
                    }
                    applied.add(step);
                }
            }
            connection.commit();
            return new SyncReport(applied, plan.drift(), plan.notes());
        });
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                st.execute("SET LOCAL TimeZone = 'UTC'");
                st.execute("SET LOCAL lock_timeout = '" + lockTimeoutSeconds + "s'");
                return work.run(connection);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DataFlowException("schema sync failed, nothing was changed: " + e.getMessage(), e);
        }
    }
}
