package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.crud.BulkOptions;
import io.dataflow.crud.ModelRepository;
import io.dataflow.crud.ProgressListener;
import io.dataflow.model.ModelSpec;
import io.dataflow.spi.EmbeddedSettings;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.postgresql.PGConnection;

/**
 * BulkCreate throughput beside plain COPY of the same rows into the same table, in one run on the
 * embedded PostgreSQL (target: BulkCreate at least 70% of COPY). Both start from the same rows in
 * memory; the baseline is the COPY a developer would write by hand (CSV text streamed to CopyManager).
 * Usage: java -cp benchmarks.jar io.dataflow.bench.BulkCreateVsCopy [rows] [rounds]
 */
public final class BulkCreateVsCopy {

    private static final String COLUMNS = "user_id, product_id, status, created_at, total";

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Map<String, Object>> data = generate(rows);
        ModelSpec model = ModelSpec.fromMap(Map.of("name", "BenchOrder", "fields", Map.of(
                "user_id", "int", "product_id", "int", "status", "str", "created_at", "datetime", "total", "float")));
        try (DataFlow db = DataFlow.configure().environment(n -> null).embedded(EmbeddedSettings.throwAway()).open()) {
            db.register(model).sync();
            ModelRepository repository = db.repository("BenchOrder");
            double[] bulk = new double[rounds];
            double[] copy = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                truncate(db);
                long t0 = System.nanoTime();
                long inserted = repository.bulkCreate(data, new BulkOptions(1000, false, ProgressListener.NONE)).inserted();
                bulk[r] = rows / seconds(t0);
                check(db, inserted, rows);
                truncate(db);
                t0 = System.nanoTime();
                long copied = plainCopy(db, data);
                copy[r] = rows / seconds(t0);
                check(db, copied, rows);
                System.out.printf("round %d: BulkCreate %,.0f rows/s, plain COPY %,.0f rows/s%n", r + 1, bulk[r], copy[r]);
            }
            double b = median(bulk);
            double c = median(copy);
            System.out.printf("%n| rows | BulkCreate (rows/s, median of %d) | plain COPY (rows/s) | ratio |%n|---|---|---|---|%n", rounds);
            System.out.printf("| %,d | %,.0f | %,.0f | %.0f%% |%n", rows, b, c, 100 * b / c);
        }
    }

    static List<Map<String, Object>> generate(int n) {
        Random random = new Random(42);
        String[] statuses = {"pending", "completed", "completed", "completed", "shipped", "cancelled, \"late\""};
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("user_id", (long) (Math.pow(random.nextDouble(), 3) * 100_000)); // skewed: few heavy buyers
            row.put("product_id", (long) random.nextInt(10_000));
            row.put("status", statuses[random.nextInt(statuses.length)]);
            row.put("created_at", base.plusSeconds(random.nextInt(30_000_000)));
            row.put("total", Math.round(random.nextDouble() * 50_000) / 100.0);
            out.add(row);
        }
        return out;
    }

    /** The baseline: CSV written by hand from the same rows, streamed to COPY. */
    static long plainCopy(DataFlow db, List<Map<String, Object>> data) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY bench_orders (" + COLUMNS + ") FROM STDIN (FORMAT csv)", new CsvReader(data));
        }
    }

    /** Produces the CSV lazily, a row at a time. */
    static final class CsvReader extends Reader {
        private final List<Map<String, Object>> rows;
        private int next;
        private String buffer = "";
        private int pos;

        CsvReader(List<Map<String, Object>> rows) {
            this.rows = rows;
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            if (pos == buffer.length()) {
                if (next == rows.size()) return -1;
                StringBuilder sb = new StringBuilder(4096);
                for (int i = 0; i < 256 && next < rows.size(); i++) {
                    Map<String, Object> r = rows.get(next++);
                    sb.append(r.get("user_id")).append(',').append(r.get("product_id")).append(",\"")
                            .append(((String) r.get("status")).replace("\"", "\"\"")).append("\",")
                            .append(r.get("created_at")).append(',').append(r.get("total")).append('\n');
                }
                buffer = sb.toString();
                pos = 0;
            }
            int n = Math.min(len, buffer.length() - pos);
            buffer.getChars(pos, pos + n, cbuf, off);
            pos += n;
            return n;
        }

        @Override
        public void close() {
        }
    }

    static void truncate(DataFlow db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE bench_orders");
            st.execute("CHECKPOINT");
        }
    }

    static void check(DataFlow db, long reported, int expected) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM bench_orders")) {
            rs.next();
            if (rs.getLong(1) != expected || reported != expected) {
                throw new IllegalStateException("expected " + expected + " rows, table has " + rs.getLong(1) + ", reported " + reported);
            }
        }
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
