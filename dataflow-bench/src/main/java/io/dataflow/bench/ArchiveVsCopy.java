package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.model.ModelSpec;
import io.dataflow.partition.Partitions;
import io.dataflow.spi.EmbeddedSettings;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Archive throughput of one 1M-row monthly partition of the guide's Event model (COPY out through
 * the codec into a file, manifest, then the read-back verification) beside plain
 * {@code COPY partition TO STDOUT} into a null stream in the same run: the practical limit. Target:
 * export ≥ 50% of COPY. Reports rows/s, MB/s of the COPY stream and the compression ratio, per codec.
 * Usage: java -cp benchmarks.jar io.dataflow.bench.ArchiveVsCopy [rows] [rounds]
 */
public final class ArchiveVsCopy {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Instant[] now = {Instant.parse("2025-06-10T00:00:00Z")}; // June while the schema is laid out, July for the archive
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        ModelSpec event = ModelSpec.fromMap(Map.of("name", "Event",
                "fields", Map.of("id", "int", "timestamp", "datetime", "event_type", "str", "data", "dict"),
                "dataflow", Map.of("partitioning", Map.of("strategy", "range", "key", "timestamp", "interval", "monthly",
                        "automatic", Map.of("create_ahead", 1)))));
        try (DataFlow db = DataFlow.configure().environment(n -> null).embedded(EmbeddedSettings.throwAway()).clock(clock).open()) {
            db.register(event).sync();
            DataFlow setup = db;
            try (Connection c = setup.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO events (timestamp, event_type, data) SELECT timestamptz '2025-06-01' + (g * interval '1 second') * (2592000.0 / "
                        + rows + "), 'type_' || (g % 20), jsonb_build_object('user_id', g % 10000, 'page', '/p/' || (g % 500), 'ms', g % 997)"
                        + " FROM generate_series(1, " + rows + ") g");
                st.execute("VACUUM ANALYZE events_p2025_06");
            }
            System.out.printf("events_p2025_06: %,d rows, %,d bytes on disk%n", rows, size(setup));
            now[0] = Instant.parse("2025-07-02T00:00:00Z");
            {
                Path dir = Files.createTempDirectory("dataflow-archive-bench-");
                List<String> codecs = List.of("zstd", "lz4", "gzip");
                Map<String, List<double[]>> results = new java.util.LinkedHashMap<>();
                List<Double> copy = new ArrayList<>();
                long copyBytes = 0;
                for (int r = 0; r < rounds; r++) {
                    long[] bytes = new long[1];
                    double copySeconds = copyToNull(db, bytes);
                    copyBytes = bytes[0];
                    copy.add(copySeconds);
                    System.out.printf("round %d: COPY TO null %.2f s (%,d bytes)", r + 1, copySeconds, bytes[0]);
                    for (String codec : codecs) {
                        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                            st.execute("DELETE FROM dataflow.partitions WHERE partition = 'events_p2025_06'"); // archive it again
                        } catch (java.sql.SQLException first) {
                            // the state schema does not exist before the first run
                        }
                        long[] marks = new long[3];
                        db.partitions().faultHook((step, partition) -> {
                            if (step.equals("exported")) marks[1] = System.nanoTime();
                            if (step.equals("verified")) marks[2] = System.nanoTime();
                        });
                        marks[0] = System.nanoTime();
                        db.partitions().maintain("Event", Partitions.operations(List.of(Map.of("type", "archive", "older_than_months", 0,
                                "destination", dir.toUri().toString(), "compression", codec))), false);
                        double export = (marks[1] - marks[0]) / 1e9;
                        double verify = (marks[2] - marks[1]) / 1e9;
                        long compressed = Files.size(dir.resolve("events/events_p2025_06.tsv" + (codec.equals("zstd") ? ".zst" : codec.equals("lz4") ? ".lz4" : ".gz")));
                        results.computeIfAbsent(codec, k -> new ArrayList<>()).add(new double[] {export, verify, compressed});
                        System.out.printf(", %s export %.2f s + verify %.2f s (%,d bytes)", codec, export, verify, compressed);
                    }
                    System.out.println();
                }
                double c = median(copy.stream().mapToDouble(Double::doubleValue).toArray());
                System.out.printf("%n| method | seconds (median of %d) | rows/s | MB/s (COPY stream) | compressed | ratio | share of COPY |%n|---|---|---|---|---|---|---|%n", rounds);
                System.out.printf("| COPY partition TO STDOUT → /dev/null | %.2f | %,.0f | %.0f | – | – | 100%% |%n", c, rows / c, copyBytes / 1e6 / c);
                for (var e : results.entrySet()) {
                    double ex = median(e.getValue().stream().mapToDouble(v -> v[0]).toArray());
                    double ve = median(e.getValue().stream().mapToDouble(v -> v[1]).toArray());
                    double size = e.getValue().get(0)[2];
                    System.out.printf("| archive %s: export | %.2f | %,.0f | %.0f | %,.0f B | %.1fx | %.0f%% |%n", e.getKey(), ex, rows / ex,
                            copyBytes / 1e6 / ex, size, copyBytes / size, 100 * c / ex);
                    System.out.printf("| archive %s: export + read-back verify | %.2f | %,.0f | %.0f | | | %.0f%% |%n", e.getKey(), ex + ve,
                            rows / (ex + ve), copyBytes / 1e6 / (ex + ve), 100 * c / (ex + ve));
                }
            }
        }
    }

    static long size(DataFlow db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT pg_total_relation_size('events_p2025_06')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static double copyToNull(DataFlow db, long[] bytes) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            long t0 = System.nanoTime();
            bytes[0] = 0;
            OutputStream sink = new OutputStream() {
                @Override
                public void write(int b) {
                    bytes[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes[0] += len;
                }
            };
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY events_p2025_06 (id, \"timestamp\", event_type, data) TO STDOUT", sink);
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
