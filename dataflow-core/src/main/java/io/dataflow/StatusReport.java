package io.dataflow;

import io.dataflow.dialect.Capabilities;
import io.dataflow.pool.PoolStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code ./dataflow status} prints: where DataFlow is connected and what the server offers.
 *
 * @param dialect       {@code postgresql}
 * @param serverVersion e.g. {@code 17.6}
 * @param connectedTo   the address, without credentials
 * @param extensions    each extension DataFlow builds on, with installed / available / missing
 * @param pool          the pool's statistics, or null when the application owns the pool
 */
public record StatusReport(String dialect, String serverVersion, String connectedTo, Map<String, String> extensions, PoolStats pool) {

    static StatusReport of(DataFlow db, PoolStats pool) {
        Map<String, String> extensions = new LinkedHashMap<>();
        for (String ext : Capabilities.KNOWN_EXTENSIONS) extensions.put(ext, db.capabilities().status(ext));
        return new StatusReport(db.dialect(), db.capabilities().serverVersion(), db.description(), extensions, pool);
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("Dialect:      ").append(dialect).append('\n');
        sb.append("Server:       PostgreSQL ").append(serverVersion).append('\n');
        sb.append("Connected to: ").append(connectedTo).append('\n');
        sb.append("Extensions:\n");
        extensions.forEach((k, v) -> sb.append(String.format("  %-20s %s%n", k, v)));
        if (pool != null) {
            sb.append(String.format("Pool:         %d active, %d idle, %d total, %d waiting; maximum %d, minimum idle %d, timeout %d ms, %d timeouts so far%n",
                    pool.active(), pool.idle(), pool.total(), pool.threadsWaiting(), pool.maximum(), pool.minimumIdle(),
                    pool.timeoutMillis(), pool.connectionTimeouts()));
        }
        return sb.toString();
    }
}
