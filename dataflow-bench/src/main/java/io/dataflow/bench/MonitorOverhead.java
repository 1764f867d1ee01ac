package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.demo.DemoScale;
import io.dataflow.demo.GuideDemo;
import io.dataflow.model.ModelSpec;
import io.dataflow.monitor.DatabasePerformanceMonitor;
import io.dataflow.monitor.MonitorConfig;
import io.dataflow.monitor.MonitorReport;
import io.dataflow.plan.WorkloadQuery;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The monitor's own cost: the demo data and the advisor benchmark's 50-statement workload, run by
 * client threads for a while without the monitor, then as long again with the monitor collecting
 * every 15 s (the guide's full config: every metric group, explain_slow_queries, both alert rules).
 * The monitor connects as its own role, so pg_stat_statements itself says how much server execution
 * time its queries took (summed per userid): target under 1% of the total.
 * Usage: java -cp benchmarks.jar io.dataflow.bench.MonitorOverhead [small|medium] [seconds per phase] [threads] [interval seconds]
 */
public final class MonitorOverhead {

    static final String ROLE = "dataflow_monitor_bench";

    public static void main(String[] args) throws Exception {
        DemoScale scale = DemoScale.parse(args.length > 0 ? args[0] : "small");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        double interval = args.length > 3 ? Double.parseDouble(args[3]) : 15;
        try (DataFlow db = DataFlow.configure().environment(n -> null).embedded(EmbeddedSettings.throwAway()).pool(threads, 2, 30).open()) {
            db.registerAll(GuideDemo.models().stream().map(m -> new ModelSpec(m.name(), m.table(), m.fields(), List.of(),
                    m.partitioning(), m.optimisticLock(), m.retryOnConflict())).toList());
            db.sync();
            GuideDemo.generate(db, scale);
            exec(db, "VACUUM ANALYZE");
            exec(db, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            exec(db, "DROP ROLE IF EXISTS " + ROLE);
            exec(db, "CREATE ROLE " + ROLE + " LOGIN SUPERUSER"); // its own userid in pg_stat_statements, nothing more
            db.state().ensure(io.dataflow.state.StateFeature.MONITOR);
            String database = value(db, "SELECT current_database()");
            String monitorUrl = db.embeddedServer().orElseThrow().jdbcUrl(database) + "?user=" + ROLE;
            List<WorkloadQuery> workload = BenchWorkload.fifty().queries();
            System.out.printf("%s demo data on %s; %d client threads, %d s per phase, monitor every %.0f s%n", scale.label(),
                    value(db, "SELECT version()").split(",")[0], threads, seconds, interval);

            exec(db, "SELECT pg_stat_statements_reset()");
            long without = run(db, workload, threads, seconds);
            Totals base = totals(db);

            exec(db, "SELECT pg_stat_statements_reset()");
            List<MonitorReport> reports = new ArrayList<>();
            long with;
            try (DataFlow monitored = DataFlow.configure().url(monitorUrl).pool(1, 2, 30).open()) {
                DatabasePerformanceMonitor monitor = monitored.monitor().configure(MonitorConfig.guide());
                monitor.addSink(e -> { });
                AtomicBoolean stop = new AtomicBoolean();
                Thread collector = new Thread(() -> {
                    while (!stop.get()) {
                        reports.add(monitor.collect());
                        try {
                            Thread.sleep((long) (interval * 1000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "monitor");
                collector.start();
                with = run(db, workload, threads, seconds);
                stop.set(true);
                collector.interrupt();
                collector.join();
            }
            Totals monitoredTotals = totals(db);
            double collectMs = reports.stream().mapToDouble(MonitorReport::durationMs).sorted().skip(reports.size() / 2).findFirst().orElse(0);
            double share = 100 * monitoredTotals.monitorMs / monitoredTotals.totalMs;
            System.out.printf("%n| phase | workload statements | statements/s | server execution ms (all) | monitor's execution ms | monitor's calls | collections | median collection ms | monitor share |%n");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            System.out.printf("| without monitor | %,d | %,.0f | %,.0f | - | - | - | - | - |%n", without, without / (double) seconds, base.totalMs);
            System.out.printf("| monitor every %.0f s | %,d | %,.0f | %,.0f | %,.1f | %,d | %d | %.0f | %.3f%% |%n", interval, with, with / (double) seconds,
                    monitoredTotals.totalMs, monitoredTotals.monitorMs, monitoredTotals.monitorCalls, reports.size(), collectMs, share);
            System.out.printf("%ntarget: monitor share < 1%%: %s%n", share < 1 ? "met" : "NOT met");
            System.out.println("monitor's most expensive statements:");
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT round(sum(total_exec_time)::numeric, 1), sum(calls), left(regexp_replace(min(query), '\\s+', ' ', 'g'), 110)"
                    + " FROM pg_stat_statements WHERE userid = (SELECT oid FROM pg_roles WHERE rolname = '" + ROLE + "')"
                    + " GROUP BY queryid ORDER BY 1 DESC LIMIT 8")) {
                while (rs.next()) System.out.printf("  %8s ms %6d calls  %s%n", rs.getString(1), rs.getLong(2), rs.getString(3));
            }
        }
    }

    record Totals(double totalMs, double monitorMs, long monitorCalls) {
    }

    /** Execution time in this database, all of it and the monitor role's. */
    static Totals totals(DataFlow db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT sum(total_exec_time), coalesce(sum(total_exec_time) FILTER (WHERE r.rolname = '" + ROLE + "'), 0),"
                + " coalesce(sum(calls) FILTER (WHERE r.rolname = '" + ROLE + "'), 0)"
                + " FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid"
                + " WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            rs.next();
            return new Totals(rs.getDouble(1), rs.getDouble(2), rs.getLong(3));
        }
    }

    /** Client threads draw statements by weight until the time is up; returns how many ran. */
    static long run(DataFlow db, List<WorkloadQuery> workload, int threads, int seconds) throws Exception {
        long[] cumulative = new long[workload.size()];
        long sum = 0;
        for (int i = 0; i < workload.size(); i++) cumulative[i] = sum += (long) Math.max(1, workload.get(i).weight());
        long total = sum;
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            done.add(pool.submit(() -> {
                Random random = new Random(seed);
                long n = 0;
                try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                    c.setAutoCommit(true);
                    while (System.nanoTime() < end) {
                        long pick = (long) (random.nextDouble() * total);
                        int i = 0;
                        while (cumulative[i] <= pick) i++;
                        st.execute(workload.get(i).sql());
                        n++;
                    }
                }
                return n;
            }));
        }
        long n = 0;
        for (Future<Long> f : done) n += f.get();
        pool.shutdown();
        return n;
    }

    static void exec(DataFlow db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static String value(DataFlow db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
