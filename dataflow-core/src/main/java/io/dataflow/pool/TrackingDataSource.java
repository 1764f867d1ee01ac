package io.dataflow.pool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * The pool's DataSource as DataFlow's code sees it: every PreparedStatement execution is counted
 * by the {@link StatementTracker} (what pgjdbc's cache does is invisible otherwise). Proxies, so
 * that unwrap() and every JDBC method still reach Hikari and pgjdbc unchanged.
 */
final class TrackingDataSource {

    private TrackingDataSource() {
    }

    static DataSource wrap(DataSource target, StatementTracker tracker) {
        return proxy(DataSource.class, target, (method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection c ? connection(c, tracker) : result;
        });
    }

    private static Connection connection(Connection target, StatementTracker tracker) throws SQLException {
        Object physical = target.isWrapperFor(PGConnection.class) ? target.unwrap(PGConnection.class) : null;
        return proxy(Connection.class, target, (method, args) -> {
            Object result = invoke(target, method, args);
            if (result instanceof PreparedStatement ps && method.getName().equals("prepareStatement") && args[0] instanceof String sql) {
                return statement(ps, physical, StatementText.normalize(sql), tracker);
            }
            return result;
        });
    }

    private static PreparedStatement statement(PreparedStatement target, Object physical, String sql, StatementTracker tracker) {
        return proxy(PreparedStatement.class, target, (method, args) -> {
            String name = method.getName();
            boolean execution = (args == null || args.length == 0)
                    && (name.equals("execute") || name.equals("executeQuery") || name.equals("executeUpdate")
                    || name.equals("executeLargeUpdate") || name.equals("executeBatch") || name.equals("executeLargeBatch"));
            if (execution && tracker.enabled()) {
                // Asked before executing: true means this execution runs a named server-side statement.
                boolean serverPrepared = target.isWrapperFor(PGStatement.class) && target.unwrap(PGStatement.class).isUseServerPrepare();
                Object result = invoke(target, method, args);
                tracker.record(physical, sql, serverPrepared);
                return result;
            }
            return invoke(target, method, args);
        });
    }

    private interface Handler {
        Object handle(Method method, Object[] args) throws Throwable;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, Handler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> p == args[0];
                    case "hashCode" -> System.identityHashCode(p);
                    default -> "tracked " + target;
                };
            }
            return handler.handle(method, args);
        });
    }
}
