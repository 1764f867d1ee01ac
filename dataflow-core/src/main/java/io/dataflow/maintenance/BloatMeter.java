package io.dataflow.maintenance;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.config.ConfigException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Measures one relation's bloat: exact (pgstattuple / pgstatindex) when the extension is usable,
 * else estimated from catalog statistics. BloatMonitor measures through this; so can callers that
 * want a single figure ({@code new BloatMeter(db).table("orders", Method.ESTIMATE)}).
 */
public final class BloatMeter {

    /** A measurement, or why there is none. */
    public record Measured(BloatFigures figures, String note) {
    }

    private final DataFlow db;

    public BloatMeter(DataFlow db) {
        PostgresOnly.require(db, "BloatMeter");
        this.db = db;
    }

    /** One table's figures by the given method (AUTO: exact when pgstattuple is usable). */
    public Measured table(String table, BloatRequest.Method method) {
        return measure(table, method, false);
    }

    /** One btree index's figures, named {@code index} or {@code schema.index}. */
    public Measured index(String index, BloatRequest.Method method) {
        return measure(index, method, true);
    }

    private Measured measure(String name, BloatRequest.Method method, boolean index) {
        TableName parsed = TableName.parse(name, "BloatMeter", index ? "index" : "table");
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(true);
            Relation r = Relations.find(c, parsed).orElseThrow(() -> new ConfigException("BloatMeter", index ? "index" : "table",
                    "'" + name + "' does not exist"));
            PgStatTuple ext = extension(c, method, "BloatMeter");
            return measure(c, r, index, method, ext, Long.MAX_VALUE);
        } catch (SQLException e) {
            throw new DataFlowException("cannot measure the bloat of " + name + ": " + e.getMessage(), e);
        }
    }

    /** pgstattuple unless the method is estimate; EXACT refuses when it cannot be had. */
    static PgStatTuple extension(Connection c, BloatRequest.Method method, String where) throws SQLException {
        if (method == BloatRequest.Method.ESTIMATE) return new PgStatTuple("not used (method: estimate)", null);
        PgStatTuple ext = PgStatTuple.ensure(c);
        if (method == BloatRequest.Method.EXACT && !ext.usable()) {
            throw new ConfigException(where, "method", "exact figures need pgstattuple, which is " + ext.status()
                    + "; use method auto to fall back to catalog estimates");
        }
        return ext;
    }

    /** Whether this relation would be estimated from the catalog (then ANALYZE first helps). */
    static boolean estimates(PgStatTuple ext, BloatRequest.Method method, long sizeBytes, long exactLimit) {
        return !ext.usable() || method == BloatRequest.Method.ESTIMATE
                || (method == BloatRequest.Method.AUTO && sizeBytes > exactLimit);
    }

    static Measured measure(Connection c, Relation r, boolean index, BloatRequest.Method method, PgStatTuple ext,
                            long exactLimit) throws SQLException {
        Layout layout = Layout.of(c, r, index);
        String note = null;
        if (ext.usable() && method != BloatRequest.Method.ESTIMATE) {
            boolean large = method == BloatRequest.Method.AUTO && layout.sizeBytes() > exactLimit;
            try {
                if (!index) {
                    return new Measured(large ? ExactBloat.tableApproximately(c, ext, r, layout) : ExactBloat.table(c, ext, r, layout), null);
                }
                if (!large) return new Measured(ExactBloat.btree(c, ext, r, layout), null);
                note = "larger than exact_scan_limit_bytes: estimated from statistics instead of reading it whole";
            } catch (SQLException e) {
                if (method == BloatRequest.Method.EXACT) throw e;
                note = "pgstattuple failed (" + e.getMessage().strip() + "): estimated from statistics instead";
            }
        }
        int version = 0;
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            version = rs.getInt(1);
        }
        Optional<BloatFigures> estimate = index ? EstimatedBloat.btree(c, r, layout, version) : EstimatedBloat.table(c, r, layout);
        return new Measured(estimate.orElse(null), estimate.isPresent() ? note : EstimatedBloat.NO_STATISTICS);
    }
}
