package io.dataflow.cache;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code change_notifications: true}: writes made outside DataFlow (psql, another application)
 * invalidate too. A statement trigger on each {@code invalidate_on} table calls
 * {@code dataflow.cache_notify()}, which sends {@code schema.table.op} on channel
 * {@code dataflow_cache} at commit; a listener thread (one connection) bumps the same counters a
 * DataFlow write would. Such invalidations arrive after the commit, so unlike DataFlow's own writes
 * there is a short window (the notification's delivery) in which an older entry may still be served.
 */
public final class ChangeNotifications implements AutoCloseable {

    public static final String CHANNEL = "dataflow_cache";
    private static final Logger log = LoggerFactory.getLogger(ChangeNotifications.class);

    private final DataSource dataSource;
    private final QueryCache cache;
    private volatile boolean running = true;
    private final Thread thread;

    private ChangeNotifications(DataSource dataSource, QueryCache cache) {
        this.dataSource = dataSource;
        this.cache = cache;
        this.thread = new Thread(this::listen, "dataflow-cache-notifications");
        thread.setDaemon(true);
    }

    /** Creates (or replaces) the trigger on every invalidate_on table and starts listening; returns what was installed. */
    public static List<String> install(DataFlow db, List<CacheRule> rules) {
        Set<String> tables = new LinkedHashSet<>();
        for (CacheRule r : rules) r.invalidateOn().forEach(d -> tables.add(d.table()));
        if (tables.isEmpty()) return List.of();
        db.state().ensure(io.dataflow.state.StateFeature.CACHE);
        List<String> done = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String table : tables) {
                String qualified = qualified(table);
                st.execute("CREATE OR REPLACE TRIGGER dataflow_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
                        + qualified + " FOR EACH STATEMENT EXECUTE FUNCTION " + db.state().table("cache_notify") + "()");
                done.add("trigger dataflow_cache_notify on " + qualified);
            }
        } catch (SQLException e) {
            throw new DataFlowException("cannot install the cache's change-notification triggers: " + e.getMessage(), e);
        }
        db.cache().listenForChanges(() -> start(db.dataSource(), db.cache()));
        return done;
    }

    private static String qualified(String table) {
        int dot = table.indexOf('.');
        return dot < 0 ? Identifiers.quote(table) : Identifiers.quote(table.substring(0, dot)) + "." + Identifiers.quote(table.substring(dot + 1));
    }

    static ChangeNotifications start(DataSource dataSource, QueryCache cache) {
        ChangeNotifications n = new ChangeNotifications(dataSource, cache);
        n.thread.start();
        return n;
    }

    private void listen() {
        while (running) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("LISTEN " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] batch = pg.getNotifications(500);
                    if (batch == null) continue;
                    for (PGNotification n : batch) apply(n.getParameter());
                }
            } catch (SQLException e) {
                if (!running) return;
                log.warn("cache change notifications: {}; listening again in 1 s", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** {@code schema.table.op} → the same invalidation a DataFlow write makes. */
    void apply(String payload) {
        int dot = payload.lastIndexOf('.');
        if (dot <= 0) return;
        String op = payload.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (op.equals("truncate")) op = "delete";
        String table = TableNames.normalize("\"" + payload.substring(0, payload.indexOf('.')) + "\".\""
                + payload.substring(payload.indexOf('.') + 1, dot) + "\"");
        cache.writing(List.of(new Dependency(table, op))).close();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
