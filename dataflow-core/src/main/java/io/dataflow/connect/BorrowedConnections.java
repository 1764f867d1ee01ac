package io.dataflow.connect;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The connections DataFlow's code has taken from its DataSource and not yet closed, with the
 * thread that took each. A cancelled run, a closed DataFlow or an interrupted CLI cancels what
 * they run on the server ({@link PGConnection#cancelQuery()}: the protocol's cancel request, what
 * {@code Statement.cancel} and psql's Ctrl-C send); closing the connection afterwards rolls back.
 * A thread blocked in a JDBC call does not notice an interrupt, and a killed client leaves its
 * statement running on the server: this is the only way to stop it.
 */
public final class BorrowedConnections {

    /** SQLSTATE class 57, operator intervention: what a statement refused after a cancel fails with. */
    static final String STOPPED = "57000";
    private static final Set<String> STARTS_STATEMENT = Set.of("createStatement", "prepareStatement", "prepareCall", "nativeSQL");
    private static final Object NO_SCOPE = new Object();
    /** The unit of work the current thread does for (a workflow run's node), so that cancelling it cancels only its connections. */
    private static final ThreadLocal<Object> SCOPE = new ThreadLocal<>();

    private final Map<Connection, Object> borrowed = new ConcurrentHashMap<>();
    /** Connections whose work was cancelled: they start no new statement (code that retries after an error must not go on). */
    private final Set<Connection> stopped = ConcurrentHashMap.newKeySet();
    /** Cancelled scopes: their threads take no new connection (weak: a finished run is forgotten). */
    private final Set<Object> stoppedScopes = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private volatile boolean closing;

    /** Connections the current thread takes from now on belong to {@code scope}; returns the previous scope for {@link #exit}. */
    public static Object enter(Object scope) {
        Object previous = SCOPE.get();
        SCOPE.set(scope);
        return previous;
    }

    public static void exit(Object previous) {
        if (previous == null) SCOPE.remove();
        else SCOPE.set(previous);
    }

    /** {@code target} with every connection it hands out recorded until closed. */
    public DataSource track(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) return objectMethod(p, m, args, target);
            if (m.getName().equals("getConnection")) refuseIfStopped();
            Object result = invoke(target, m, args);
            return result instanceof Connection c ? connection(c) : result;
        });
    }

    private Connection connection(Connection target) {
        Connection proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) return objectMethod(p, m, args, target);
            if (m.getName().equals("close") && (args == null || args.length == 0)) {
                borrowed.remove((Connection) p);
                stopped.remove((Connection) p);
            } else if (STARTS_STATEMENT.contains(m.getName()) && (closing || stopped.contains((Connection) p))) {
                throw new SQLException("canceling statement: DataFlow cancelled this work", STOPPED);
            }
            return invoke(target, m, args);
        });
        Object scope = SCOPE.get();
        borrowed.put(proxy, scope == null ? NO_SCOPE : scope);
        return proxy;
    }

    private void refuseIfStopped() throws SQLException {
        Object scope = SCOPE.get();
        if (closing || (scope != null && stoppedScopes.contains(scope))) {
            throw new SQLException("canceling statement: DataFlow cancelled this work", STOPPED);
        }
    }

    /**
     * Cancels what every borrowed connection runs, and refuses new statements and connections from
     * now on (DataFlow is closing, or the process was interrupted); returns on how many connections
     * a cancel was sent.
     */
    public int cancelAll() {
        closing = true;
        return cancel(s -> true);
    }

    /**
     * Cancels what the connections taken inside {@code scope} run; work in that scope takes no new
     * connection afterwards (a node that retries after the error must not go on).
     */
    public int cancelFor(Object scope) {
        stoppedScopes.add(scope);
        return cancel(s -> s == scope);
    }

    /** How many connections are borrowed now. */
    public int size() {
        return borrowed.size();
    }

    private int cancel(Predicate<Object> whose) {
        int sent = 0;
        for (Map.Entry<Connection, Object> e : borrowed.entrySet()) {
            if (!whose.test(e.getValue())) continue;
            try {
                Connection c = e.getKey();
                stopped.add(c);
                if (c.isWrapperFor(PGConnection.class)) {
                    c.unwrap(PGConnection.class).cancelQuery();
                    sent++;
                }
            } catch (SQLException | RuntimeException ex) {
                // closed meanwhile, or the server is gone: nothing left to cancel
            }
        }
        return sent;
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object objectMethod(Object proxy, Method m, Object[] args, Object target) {
        return switch (m.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "borrowed " + target;
        };
    }
}
