package io.dataflow.crud;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.model.ModelSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * bulkCreate: multi-row INSERTs for small inputs or when ids are wanted, COPY ... FROM STDIN for
 * large ones. Either way one transaction, so a bad row anywhere means no row lands.
 */
final class BulkInsert {

    /** From this many rows on, COPY is used (unless ids are wanted): below it, statement overhead is small. */
    static final int COPY_THRESHOLD = 1000;
    static final int COPY_PROGRESS_EVERY = 10_000;
    private static final int COPY_BUFFER = 1 << 16;

    private final ModelSpec model;
    private final String table;
    private final RowValues rowValues;
    private final Timestamps timestamps;
    private final Transactions tx;

    BulkInsert(ModelSpec model, RowValues rowValues, Timestamps timestamps, Transactions tx) {
        this.model = model;
        this.table = quote(model.table());
        this.rowValues = rowValues;
        this.timestamps = timestamps;
        this.tx = tx;
    }

    BulkResult run(List<? extends Map<String, ?>> input, BulkOptions options) {
        BulkRows rows = new BulkRows(model, rowValues, timestamps, input);
        if (rows.size() == 0) return new BulkResult(0, List.of(), "insert");
        boolean copy = rows.size() >= COPY_THRESHOLD && !options.returnIds() && rows.copyable();
        return tx.run("bulk create", c -> copy && c.isWrapperFor(PGConnection.class) ? copy(c, rows, options) : insert(c, rows, options));
    }

    private BulkResult insert(Connection c, BulkRows rows, BulkOptions options) throws SQLException {
        int perStatement = Math.max(1, Math.min(options.batchSize(), Statements.MAX_PARAMS / rows.columns().size()));
        String head = "INSERT INTO " + table + " (" + Statements.columnList(rows.columnNames()) + ") VALUES ";
        String tail = options.returnIds() ? " RETURNING " + quote("id") : "";
        List<Object> ids = new ArrayList<>();
        long done = 0;
        for (int start = 0; start < rows.size(); start += perStatement) {
            int end = Math.min(rows.size(), start + perStatement);
            StringBuilder sql = new StringBuilder(head);
            List<Object> params = new ArrayList<>();
            for (int i = start; i < end; i++) {
                if (i > start) sql.append(", ");
                sql.append('(');
                Object[] values = rows.bound(i);
                for (int v = 0; v < values.length; v++) {
                    if (v > 0) sql.append(", ");
                    if (values[v] == BulkRows.ABSENT) {
                        sql.append("DEFAULT");
                    } else {
                        sql.append('?');
                        params.add(values[v]);
                    }
                }
                sql.append(')');
            }
            done += execute(c, sql.append(tail).toString(), params, options.returnIds() ? ids : null);
            options.progress().progress(done, rows.size());
        }
        return new BulkResult(done, ids, "insert");
    }

    private static long execute(Connection c, String sql, List<Object> params, List<Object> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Binder.bindAll(ps, params);
            if (ids == null) return ps.executeUpdate();
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(RowReader.value(rs, 1, rs.getMetaData().getColumnTypeName(1)));
                    n++;
                }
            }
            return n;
        }
    }

    /** Streams CSV into COPY through a small buffer: rows are converted as they are written, never all held at once. */
    private BulkResult copy(Connection c, BulkRows rows, BulkOptions options) throws SQLException, IOException {
        String sql = "COPY " + table + " (" + Statements.columnList(rows.columnNames()) + ") FROM STDIN (FORMAT csv)";
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            PGCopyOutputStream stream = new PGCopyOutputStream(in, COPY_BUFFER);
            Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), COPY_BUFFER);
            int every = Math.min(options.batchSize(), COPY_PROGRESS_EVERY);
            for (int i = 0; i < rows.size(); i++) {
                CsvEncoding.writeRow(out, rows.boundForCopy(i));
                if ((i + 1) % every == 0 && i + 1 < rows.size()) options.progress().progress(i + 1, rows.size());
            }
            out.flush();
            long inserted = stream.endCopy();
            options.progress().progress(inserted, rows.size());
            return new BulkResult(inserted, List.of(), "copy");
        } catch (RuntimeException | SQLException | IOException e) {
            cancel(in, e);
            throw e;
        }
    }

    /** Ends an unfinished COPY so the connection is usable for the rollback; the original error is what the caller sees. */
    private static void cancel(CopyIn in, Exception cause) {
        try {
            if (in.isActive()) in.cancelCopy();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
