package io.dataflow.maintenance;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The guide's BloatMonitorNode: measures tables and their btree indexes, classifies each against
 * the thresholds (see {@link BloatLevel}) and carries out the configured actions. Every figure
 * says whether it is exact (pgstattuple, created when allowed) or estimated (catalog statistics).
 */
public final class BloatMonitor {

    private final DataFlow db;
    private final Clock clock;

    public BloatMonitor(DataFlow db) {
        this(db, db.clock());
    }

    /** With the clock that places scheduled VACUUM FULL jobs in the maintenance window. */
    public BloatMonitor(DataFlow db, Clock clock) {
        PostgresOnly.require(db, "BloatMonitor");
        this.db = db;
        this.clock = clock;
    }

    public BloatReport check(BloatRequest request) {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(true); // ANALYZE per table, REINDEX CONCURRENTLY: no transaction block
            List<Relation> tables = resolve(c, request);
            PgStatTuple ext = BloatMeter.extension(c, request.method(), request.where());
            List<Finding> tableFindings = new ArrayList<>();
            List<Finding> indexFindings = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (Relation t : tables) {
                if (request.analyze() && BloatMeter.estimates(ext, request.method(), totalSize(c, t), request.exactScanLimitBytes())) {
                    analyze(c, t);
                }
                tableFindings.add(find(c, t, null, request, ext));
                for (Relations.Index index : Relations.indexes(c, t.oid())) {
                    if (index.accessMethod().equals("btree")) {
                        indexFindings.add(find(c, index.relation(), t, request, ext));
                    } else {
                        notes.add(index.relation().qualified() + " is a " + index.accessMethod() + " index: only btree bloat is measured");
                    }
                }
            }
            new BloatActions(db, request, clock).apply(c, tableFindings, indexFindings);
            List<RelationBloat> tableReports = tableFindings.stream().map(Finding::toReport).toList();
            List<RelationBloat> indexReports = indexFindings.stream().map(Finding::toReport).toList();
            int failed = (int) java.util.stream.Stream.concat(tableReports.stream(), indexReports.stream())
                    .flatMap(r -> r.actions().stream()).filter(ActionResult::failed).count();
            BloatThresholds th = request.thresholds();
            return new BloatReport(ext.status(), th, BloatLevel.mediumRatio(th.tableBloatRatio()),
                    BloatLevel.mediumRatio(th.indexBloatRatio()), request.dryRun(), tableReports, indexReports, notes, failed);
        } catch (SQLException e) {
            throw new DataFlowException(request.where() + ": bloat check failed: " + e.getMessage(), e);
        }
    }

    private Finding find(Connection c, Relation r, Relation table, BloatRequest request, PgStatTuple ext) throws SQLException {
        BloatMeter.Measured m = BloatMeter.measure(c, r, table != null, request.method(), ext, request.exactScanLimitBytes());
        return new Finding(r, table, m.figures(), request.thresholds().classify(table != null, m.figures()), m.note());
    }

    private static List<Relation> resolve(Connection c, BloatRequest request) throws SQLException {
        if (request.tables().isEmpty()) return Relations.userTables(c);
        List<Relation> out = new ArrayList<>();
        for (int i = 0; i < request.tables().size(); i++) {
            out.add(Relations.requireTable(c, request.tables().get(i), request.where(), "tables[" + i + "]"));
        }
        return out;
    }

    /** Fresh statistics make the estimate describe the table as it is, not as it was. */
    private static void analyze(Connection c, Relation t) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("ANALYZE " + t.sql());
        }
    }

    private static long totalSize(Connection c, Relation t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_total_relation_size(?::oid::regclass)")) {
            ps.setLong(1, t.oid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
