package io.dataflow.dashboard;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The dashboard's view of the application's pool: each borrowed connection runs as
 * {@code application_name = dataflow-dashboard} under a statement timeout, and gets its previous name
 * and no timeout back when returned. So every page is bounded, and the dashboard can leave its own
 * sessions out of what it shows.
 */
final class DashboardConnections implements DataSource {

    static final String APPLICATION_NAME = "dataflow-dashboard";
    private final DataSource pool;
    private final long timeoutMs;

    DashboardConnections(DataSource pool, Duration statementTimeout) {
        this.pool = pool;
        this.timeoutMs = statementTimeout.toMillis();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return mark(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return mark(pool.getConnection(username, password));
    }

    private Connection mark(Connection c) throws SQLException {
        String previous;
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting('application_name'), set_config('application_name', ?, false),"
                + " set_config('statement_timeout', ?, false)")) {
            ps.setString(1, APPLICATION_NAME);
            ps.setString(2, Long.toString(timeoutMs));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                previous = rs.getString(1);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                restore(c, previous);
                c.close();
                return null;
            }
            try {
                return method.invoke(c, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static void restore(Connection c, String previous) {
        try {
            if (c.isClosed()) return;
            if (!c.getAutoCommit()) c.rollback();
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('application_name', ?, false), set_config('statement_timeout', '0', false)")) {
                ps.setString(1, previous == null ? "" : previous);
                ps.execute();
            }
        } catch (SQLException e) {
            // a broken connection: the pool discards it anyway
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("io.dataflow.dashboard");
    }

    /** Not a wrapper: DataFlow must not find (and adopt) the pool behind this view. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("the dashboard's connections wrap nothing it hands out");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }

}
