package io.dataflow.mview;

import io.dataflow.state.StateSchema;
import static io.dataflow.sql.Identifiers.quote;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Set;

/** REFRESH MATERIALIZED VIEW [CONCURRENTLY], stamped with the base tables' change counters. */
final class ViewRefresher {

    private ViewRefresher() {
    }

    static RefreshResult refresh(StateSchema s, Connection c, String name, String method, Set<String> baseTables) throws SQLException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        // counters first: changes made while the refresh runs then count as "changed since"
        var counters = ViewStore.counters(s, c, baseTables);
        try (Statement st = c.createStatement()) {
            st.execute("REFRESH MATERIALIZED VIEW " + (method.equals("concurrent") ? "CONCURRENTLY " : "") + quote(name));
        }
        long rows = ViewStore.count(s, c, quote(name));
        ViewStore.refreshed(s, c, name, counters, false);
        double ms = (System.nanoTime() - t0) / 1e6;
        ViewStore.history(s, c, name, method, started, ms, rows, "ok", null);
        return new RefreshResult(name, method, started, ms, rows, 0, method.equals("concurrent")
                ? "REFRESH CONCURRENTLY: readers keep reading the old rows meanwhile" : "full REFRESH: readers wait until it ends");
    }
}
