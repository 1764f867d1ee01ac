package io.dataflow.bench;

import io.dataflow.DataFlow;
import io.dataflow.bench.tpch.TpchData;
import io.dataflow.bench.tpch.TpchQueries;
import io.dataflow.plan.AdvisedIndex;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.AdvisorReport;
import io.dataflow.plan.IndexCandidate;
import io.dataflow.plan.QueryShape;
import io.dataflow.plan.WhatIf;
import io.dataflow.plan.Workload;
import io.dataflow.plan.WorkloadQuery;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * TPC-H (the project's own generator, the 22 queries with validation parameters): measured execution
 * time with no secondary index, with the DataFlow advisor's indexes, with the Dexter-style baseline's,
 * and with every single-column index on a filtered or joined column, at storage budgets of 0.25x,
 * 0.5x and 1x the data size; advising time of both advisors.
 * Usage: TpchBenchmark [sf, default 0.1] [admin JDBC URL, default the system PostgreSQL] [timeout s, default 30]
 * A throw-away database is created on the server (with HypoPG when available) and dropped at the end.
 */
public final class TpchBenchmark {

    public static void main(String[] args) throws Exception {
        double sf = args.length > 0 ? Double.parseDouble(args[0]) : 0.1;
        String admin = args.length > 1 ? args[1] : "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
        long timeoutMs = (args.length > 2 ? Long.parseLong(args[2]) : 30) * 1000;
        String name = "tpch_bench_" + Long.toHexString(System.nanoTime());
        try (Connection a = DriverManager.getConnection(admin); Statement st = a.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = admin.replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
        try {
            run(sf, url, timeoutMs);
        } finally {
            try (Connection a = DriverManager.getConnection(admin); Statement st = a.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    static void run(double sf, String url, long timeoutMs) throws Exception {
        try (DataFlow db = DataFlow.configure().environment(n -> null).url(url).pool(1, 2, 30).open()) {
            long t0 = System.nanoTime();
            String version;
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_available_extensions WHERE name = 'hypopg'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) st.execute("CREATE EXTENSION IF NOT EXISTS hypopg");
                }
                TpchData.load(c, sf);
                try (ResultSet rs = st.executeQuery("SELECT version()")) {
                    rs.next();
                    version = rs.getString(1).replaceFirst(" on .*", "");
                }
            }
            long dataBytes = dataBytes(db);
            System.out.printf("TPC-H SF %s loaded in %.1f s on %s; data %.1f MB (tables, without indexes)%n", sf, (System.nanoTime() - t0) / 1e9, version,
                    dataBytes / 1048576.0);

            List<TpchQueries.Query> queries = TpchQueries.all(sf);
            Map<String, String> statements = new LinkedHashMap<>();
            List<WorkloadQuery> wq = new ArrayList<>();
            for (TpchQueries.Query q : queries) {
                statements.put(q.name(), q.sql());
                wq.add(new WorkloadQuery(q.sql(), 1, "tpch:" + q.name()));
            }
            Workload workload = new Workload(wq);

            Map<String, List<String>> configs = new LinkedHashMap<>();
            Map<String, String> adviseTimes = new LinkedHashMap<>();
            configs.put("no secondary index", List.of());
            db.advisor().advise(workload, AdvisorOptions.defaults().budgetBytes(dataBytes).maxIndexes(100)); // warm-up
            for (double f : new double[] {0.25, 0.5, 1.0}) {
                long budget = (long) (f * dataBytes);
                AdvisorOptions options = AdvisorOptions.defaults().budgetBytes(budget).maxIndexes(100);
                long a0 = System.nanoTime();
                AdvisorReport report = db.advisor().advise(workload, options);
                double adviseS = (System.nanoTime() - a0) / 1e9;
                long d0 = System.nanoTime();
                DexterStyleAdvisor.Result dexter = DexterStyleAdvisor.advise(db.dataSource(), workload, budget, WhatIf.Mode.AUTO);
                double dexterS = (System.nanoTime() - d0) / 1e9;
                String label = String.format(Locale.ROOT, "%.2gx", f);
                configs.put("DataFlow advisor @" + label, report.indexes().stream().map(AdvisedIndex::sql).toList());
                configs.put("Dexter-style @" + label, dexter.indexes().stream().map(ix -> ix.ddl(null, false)).toList());
                adviseTimes.put("DataFlow advisor @" + label, String.format(Locale.ROOT, "%.1f s (%s, %d candidates, %d what-if plans)", adviseS, report.whatIf(),
                        report.candidates(), report.plans()));
                adviseTimes.put("Dexter-style @" + label, String.format(Locale.ROOT, "%.1f s", dexterS));
                System.out.printf("budget %s = %.1f MB: advisor %d indexes (%.1f s, %s), Dexter-style %d indexes (%.1f s)%n", label, budget / 1048576.0,
                        report.indexes().size(), adviseS, report.whatIf(), dexter.indexes().size(), dexterS);
                report.indexes().forEach(i -> System.out.println("  advisor: " + i.sql()));
                dexter.indexes().forEach(i -> System.out.println("  dexter:  " + i));
                report.notes().stream().limit(30).forEach(n -> System.out.println("  note: " + n));
            }
            configs.put("every single-column index on a filtered or joined column", singleColumn(db, workload).stream().map(ix -> ix.ddl(null, false)).toList());

            Map<String, IndexConfigRunner.Measured> measured = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : configs.entrySet()) {
                long m0 = System.nanoTime();
                measured.put(e.getKey(), IndexConfigRunner.run(db.dataSource(), statements, e.getValue(), timeoutMs));
                System.out.printf("measured %s in %.0f s%n", e.getKey(), (System.nanoTime() - m0) / 1e9);
            }
            double base = measured.get("no secondary index").totalMs();
            System.out.printf("%n| configuration | indexes | index size | x data | workload time (s) | reduction | timeouts (%d s) | advising time |%n", timeoutMs / 1000);
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Map.Entry<String, IndexConfigRunner.Measured> e : measured.entrySet()) {
                IndexConfigRunner.Measured m = e.getValue();
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f MB | %.2f | %.1f | %.1f%% | %s | %s |%n", e.getKey(), m.indexes(), m.indexBytes() / 1048576.0,
                        m.indexBytes() / (double) dataBytes, m.totalMs() / 1000, 100 * (1 - m.totalMs() / base),
                        m.timeouts().isEmpty() ? "none" : String.join(", ", m.timeouts()), adviseTimes.getOrDefault(e.getKey(), ""));
            }
            System.out.print("\n| query |");
            measured.keySet().forEach(k -> System.out.print(" " + k + " |"));
            System.out.print("\n|---|");
            measured.keySet().forEach(k -> System.out.print("---|"));
            System.out.println();
            for (String q : statements.keySet()) {
                System.out.print("| " + q + " |");
                for (IndexConfigRunner.Measured m : measured.values()) {
                    System.out.printf(Locale.ROOT, " %s%.0f |", m.timeouts().contains(q) ? "≥" : "", m.ms().get(q));
                }
                System.out.println();
            }
        }
    }

    /** Heap and TOAST of the eight tables, without indexes. */
    static long dataBytes(DataFlow db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT sum(pg_table_size(to_regclass(t))) FROM unnest(?::text[]) t")) {
            ps.setArray(1, c.createArrayOf("text", new String[] {"region", "nation", "supplier", "part", "partsupp", "customer", "orders", "lineitem"}));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One index per column a statement filters or joins on, except columns an existing index (primary key) leads with. */
    static Set<IndexCandidate> singleColumn(DataFlow db, Workload workload) throws Exception {
        Set<String> cols = new TreeSet<>();
        try (Connection c = db.dataSource().getConnection()) {
            for (WorkloadQuery q : workload.queries()) {
                QueryShape shape;
                try {
                    shape = QueryShape.of(q.sql(), t -> columns(c, t));
                } catch (RuntimeException e) {
                    System.out.println("single-column: cannot read " + q.source() + ": " + e.getMessage());
                    continue;
                }
                for (QueryShape.Predicate p : shape.predicates()) {
                    cols.add(p.column().table() + "." + p.column().column());
                    if (p.other() != null) cols.add(p.other().table() + "." + p.other().column());
                }
            }
            Set<IndexCandidate> out = new LinkedHashSet<>();
            for (String tc : cols) {
                String table = tc.substring(0, tc.indexOf('.'));
                String column = tc.substring(tc.indexOf('.') + 1);
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                        + " AND a.attnum = i.indkey[0] WHERE i.indrelid = to_regclass(?) AND a.attname = ?")) {
                    ps.setString(1, table);
                    ps.setString(2, column);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) == 0) out.add(IndexCandidate.of(table, List.of(column)));
                    }
                }
            }
            return out;
        }
    }

    private static Set<String> columns(Connection c, String table) {
        Set<String> out = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
