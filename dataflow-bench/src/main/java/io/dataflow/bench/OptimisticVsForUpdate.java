package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.lock.Conflict;
import io.dataflow.lock.OptimisticUpdate;
import io.dataflow.lock.UpdateOptions;
import io.dataflow.model.ModelSpec;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of read-modify-write increments: DataFlow's optimistic update with retry
 * ({@code {price: {$inc: 1}}}, exponential backoff with jitter) beside the pessimistic baseline a
 * developer writes by hand ({@code SELECT ... FOR UPDATE}, then UPDATE, in one transaction), in one
 * run on the embedded PostgreSQL, at low contention (every increment on a random one of many rows)
 * and high contention (every increment on one row). Every run is checked for lost updates.
 * Usage: java -cp benchmarks.jar io.dataflow.bench.OptimisticVsForUpdate [threads] [per thread] [rows] [rounds]
 */
public final class OptimisticVsForUpdate {

    private interface Increment {
        /** Increments one row's price by 1; returns how many conflicts it retried. */
        long run(long id) throws Exception;
    }

    private record Outcome(double opsPerSecond, long conflicts) {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int perThread = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        ModelSpec model = ModelSpec.fromMap(Map.of("name", "BenchProduct", "fields", Map.of("name", "str", "price", "float"),
                "dataflow", Map.of("optimistic_lock", "version", "retry_on_conflict", 3)));
        try (DataFlow db = DataFlow.configure().environment(n -> null).embedded(EmbeddedSettings.throwAway())
                .pool(threads, 0, 120).open()) {
            db.register(model).sync();
            fill(db, rows);
            UpdateOptions retry = UpdateOptions.of(Conflict.RETRY).withMaxRetries(Integer.MAX_VALUE - 1);
            Increment optimistic = id -> {
                OptimisticUpdate u = db.locks().update("BenchProduct", id, Map.of("price", Map.of("$inc", 1)), retry);
                return u.conflicts();
            };
            Increment forUpdate = id -> {
                forUpdate(db, id);
                return 0;
            };
            System.out.printf("%d threads x %d increments, %,d rows for low contention, %d rounds%n", threads, perThread, rows, rounds);
            String[] names = {"low contention, optimistic + retry", "low contention, SELECT ... FOR UPDATE",
                    "high contention, optimistic + retry", "high contention, SELECT ... FOR UPDATE"};
            // Warm-up (not reported): JIT-compile both paths and fill the statement caches before measuring.
            for (Increment warm : new Increment[] {optimistic, forUpdate}) {
                measure(db, threads, Math.max(1, perThread / 5), rows, warm);
                measure(db, threads, Math.max(1, perThread / 5), 1, warm);
            }
            double[][] ops = new double[4][rounds];
            long[][] conflicts = new long[4][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 4; k++) {
                    int which = r % 2 == 0 ? k : k ^ 1; // alternate which method goes first
                    boolean low = which < 2;
                    Outcome o = measure(db, threads, perThread, low ? rows : 1, which % 2 == 0 ? optimistic : forUpdate);
                    ops[which][r] = o.opsPerSecond();
                    conflicts[which][r] = o.conflicts();
                    System.out.printf("round %d: %-40s %,10.0f increments/s, %,d conflicts retried%n", r + 1, names[which], o.opsPerSecond(), o.conflicts());
                }
            }
            System.out.printf("%n| contention | optimistic + retry (increments/s, median of %d) | conflicts retried per run | SELECT ... FOR UPDATE (increments/s) | ratio |%n"
                    + "|---|---|---|---|---|%n", rounds);
            for (int c = 0; c < 2; c++) {
                double opt = BulkCreateVsCopy.median(ops[2 * c]);
                double pes = BulkCreateVsCopy.median(ops[2 * c + 1]);
                System.out.printf("| %s | %,.0f | %,d | %,.0f | %.2f |%n", c == 0 ? "low (" + rows + " rows)" : "high (1 row)", opt,
                        medianLong(conflicts[2 * c]), pes, opt / pes);
            }
        }
    }

    /** threads × perThread increments on ids 1..rows, started together; checks that every increment landed. */
    private static Outcome measure(DataFlow db, int threads, int perThread, int rows, Increment increment) throws Exception {
        exec(db, "UPDATE bench_products SET price = 0 WHERE id <= " + rows);
        exec(db, "VACUUM bench_products");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong conflicts = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) conflicts.addAndGet(increment.run(1 + ThreadLocalRandom.current().nextInt(rows)));
                return null;
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Future<?> f : futures) f.get(60, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        long total = (long) threads * perThread;
        double sum = Double.parseDouble(value(db, "SELECT sum(price) FROM bench_products WHERE id <= " + rows));
        if (sum != total) throw new IllegalStateException("lost updates: " + total + " increments, the rows add up to " + sum);
        return new Outcome(total / seconds, conflicts.get());
    }

    /** The baseline: lock the row, read it, write it, commit. */
    private static void forUpdate(DataFlow db, long id) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement read = c.prepareStatement("SELECT price FROM bench_products WHERE id = ? FOR UPDATE");
                 PreparedStatement write = c.prepareStatement("UPDATE bench_products SET price = ?, version = version + 1 WHERE id = ?")) {
                read.setLong(1, id);
                double price;
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    price = rs.getDouble(1);
                }
                write.setDouble(1, price + 1);
                write.setLong(2, id);
                write.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static void fill(DataFlow db, int rows) throws SQLException {
        exec(db, "INSERT INTO bench_products (name, price) SELECT 'p' || g, 0 FROM generate_series(1, " + rows + ") g");
    }

    private static void exec(DataFlow db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String value(DataFlow db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long medianLong(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
