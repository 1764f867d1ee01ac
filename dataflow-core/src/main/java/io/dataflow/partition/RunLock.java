package io.dataflow.partition;

import io.dataflow.DataFlowException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One maintenance run per table at a time, across processes (the scheduled job and a CLI run, say):
 * a session advisory lock held on its own connection for the run; it vanishes with the connection
 * if the process dies, so a stopped run never blocks the next one.
 */
final class RunLock implements AutoCloseable {

    private final Connection connection;
    private final String table;

    private RunLock(Connection connection, String table) {
        this.connection = connection;
        this.table = table;
    }

    static RunLock take(DataSource dataSource, String table) throws SQLException {
        Connection c = dataSource.getConnection();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext('dataflow.partitions:' || ?))")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    c.close();
                    throw new DataFlowException("partition maintenance of " + table + " is running elsewhere right now; try again when it ends");
                }
            }
        } catch (SQLException | RuntimeException e) {
            if (!c.isClosed()) c.close();
            throw e;
        }
        return new RunLock(c, table);
    }

    @Override
    public void close() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(hashtext('dataflow.partitions:' || ?))")) {
            ps.setString(1, table);
            ps.execute();
        } finally {
            connection.close();
        }
    }
}
