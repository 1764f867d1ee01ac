package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.pool.StatementCacheSettings;
import io.dataflow.pool.StatementTracker;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;

/**
 * A query whose planning costs more than its execution (a 10-way join over tiny tables, one row
 * out): executed through DataFlow's pool with the statement cache (server-side prepared after the
 * first execution, so PostgreSQL can reuse its plan) beside the same executions unprepared
 * (prepareThreshold 0: parsed and planned every time). Target: cached ≥ 1.5x. Also checks that the
 * tracker's reported hit count equals the one counted here.
 * Usage: java -cp benchmarks.jar io.dataflow.bench.PreparedVsUnprepared [executions] [rounds]
 */
public final class PreparedVsUnprepared {

    static final int TABLES = 10;

    public static void main(String[] args) throws Exception {
        int executions = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (DataFlow db = DataFlow.configure().environment(n -> null).embedded(EmbeddedSettings.throwAway()).pool(1, 0, 30).open()) {
            createTables(db);
            String sql = joinQuery();
            double[] cached = new double[rounds];
            double[] unprepared = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                db.preparedStatements().configure(settings(1), false);
                StatementTracker tracker = db.preparedStatements().tracker();
                tracker.reset();
                cached[r] = run(db, sql, executions);
                long expectedHits = executions - 1; // prepared on the first execution of the one pooled connection, reused after
                if (tracker.hits() != expectedHits || tracker.executions() != executions) {
                    throw new IllegalStateException("reported " + tracker.hits() + " hits of " + tracker.executions()
                            + " executions, counted " + expectedHits + " of " + executions);
                }
                double reported = tracker.hitRate();
                db.preparedStatements().configure(settings(0), false);
                unprepared[r] = run(db, sql, executions);
                System.out.printf("round %d: cached %,.0f/s, unprepared %,.0f/s, reported hit rate %.4f = counted %.4f%n", r + 1,
                        cached[r], unprepared[r], reported, (double) expectedHits / executions);
            }
            double c = median(cached);
            double u = median(unprepared);
            System.out.printf("%n| executions | cached prepared (exec/s, median of %d) | unprepared (exec/s) | speedup |%n|---|---|---|---|%n", rounds);
            System.out.printf("| %,d | %,.0f | %,.0f | %.2fx |%n", executions, c, u, c / u);
        }
    }

    static StatementCacheSettings settings(int prepareThreshold) {
        return new StatementCacheSettings(256, 5, prepareThreshold, true, "lru", 0, false);
    }

    static void createTables(DataFlow db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (int i = 1; i <= TABLES; i++) {
                st.execute("CREATE TABLE t" + i + " (id int PRIMARY KEY, ref int NOT NULL, v text)");
                st.execute("INSERT INTO t" + i + " SELECT g, (g % 50) + 1, 'v' || g FROM generate_series(1, 50) g");
                st.execute("ANALYZE t" + i);
            }
        }
    }

    /** t1 ⋈ t2 ⋈ ... ⋈ t10 on ref = id, one row selected: planning explores many join orders, execution is a few index probes. */
    static String joinQuery() {
        StringBuilder sb = new StringBuilder("SELECT t1.id");
        for (int i = 2; i <= TABLES; i++) sb.append(", t").append(i).append(".v");
        sb.append(" FROM t1");
        for (int i = 2; i <= TABLES; i++) sb.append(" JOIN t").append(i).append(" ON t").append(i).append(".id = t").append(i - 1).append(".ref");
        return sb.append(" WHERE t1.id = ?").toString();
    }

    static double run(DataFlow db, String sql, int executions) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < executions; i++) {
                ps.setInt(1, 1 + i % 50);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("no row for id " + (1 + i % 50));
                }
            }
        }
        return executions / ((System.nanoTime() - t0) / 1e9);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
