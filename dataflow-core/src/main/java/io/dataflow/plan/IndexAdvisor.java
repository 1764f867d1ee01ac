package io.dataflow.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The workload index advisor ({@code db.advisor()}): candidates from every statement, planned
 * what-if, chosen under a storage budget by benefit per byte with interactions re-evaluated, write
 * overhead charged, existing indexes' coverage respected; plus existing indexes that do not pay.
 * Everything runs in one transaction that is rolled back.
 */
public final class IndexAdvisor {

    private final DataSource dataSource;

    public IndexAdvisor(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The database's pg_stat_statements (its {@code limit} statements with the most total time). */
    public Workload fromStatStatements(int limit) {
        return StatStatements.read(dataSource, limit);
    }

    /**
     * Advises on the workload. Before the rolled-back session: write rates are measured over
     * {@code options.observe()} when asked, and tables never analyzed are analyzed when
     * {@code options.analyze()}; both change real state (a wait, and planner statistics).
     */
    public AdvisorReport advise(Workload workload, AdvisorOptions options) {
        Map<String, Double> stated = new LinkedHashMap<>(workload.writes());
        stated.putAll(options.writes());
        if (!stated.isEmpty()) { // bad input is refused before anything is observed or analyzed
            RolledBack.run(dataSource, Duration.ofMillis(options.timeoutMs()), c -> {
                for (String t : stated.keySet()) {
                    if (!tableExists(c, t)) throw new PlanException("write rate for '" + t + "': no such table (accepted: a table name, optionally schema-qualified)");
                }
                return null;
            });
        }
        Map<String, WriteOverhead.Rate> rates = new HashMap<>();
        List<String> how = new ArrayList<>();
        if (!options.observe().isZero()) {
            WriteRates.measure(dataSource, options.observe()).forEach((t, r) -> rates.put(t, new WriteOverhead.Rate(r, "measured")));
            how.add("measured over " + ShortDuration.text(options.observe()) + " (two samples of pg_stat_user_tables)");
        }
        stated.forEach((t, r) -> rates.put(WriteRates.normalize(t), new WriteOverhead.Rate(r, "stated")));
        if (!stated.isEmpty()) how.add("stated for " + String.join(", ", stated.keySet()));
        List<String> analyzed = options.analyze() ? analyzeNeverAnalyzed(workload, options) : List.of();
        long start = System.nanoTime();
        return RolledBack.run(dataSource, Duration.ofMillis(options.timeoutMs()), c -> {
            List<String> notes = new ArrayList<>(workload.notes());
            Map<String, Integer> leftOut = new LinkedHashMap<>();
            List<AdvisorQuery> queries = AdvisorQueries.prepare(c, workload, notes, leftOut);
            if (queries.isEmpty()) throw new PlanException("no statement of the workload reads a user table (left out: " + leftOut + ")");
            IndexIssues.Found issues = IndexIssues.find(c, options.unusedAfter());
            issues.heldBack().forEach(h -> notes.add("not called unused: " + h));
            boolean fromStats = workload.queries().get(0).source().startsWith("pg_stat_statements:");
            double period = (workload.period() != null ? workload.period() : options.period()).toMillis() / 1000.0;
            String periodSource = workload.period() == null ? "AdvisorOptions.period (--period; weights are executions per " + ShortDuration.text(options.period()) + ")"
                    : fromStats ? "pg_stat_statements' calls since its last reset" : "the workload's '-- period:' line";
            try (WhatIf w = WhatIf.open(c, options.whatIf())) {
                CostOracle oracle = new CostOracle(w, queries);
                List<IndexCandidate> candidates = AdvisorQueries.candidates(c, queries);
                Map<IndexCandidate, Long> sizes = new HashMap<>();
                for (IndexCandidate cand : candidates) sizes.put(cand, w.sizeBytes(cand));
                Set<String> tables = new LinkedHashSet<>();
                queries.forEach(q -> tables.addAll(q.tables()));
                tables.removeIf(t -> !candidateTable(candidates, t) && !queries.stream().anyMatch(q -> q.writes() && q.tables().contains(t))
                        && !userTable(c, t));
                WriteOverhead writes = WriteOverhead.of(queries, tables, oracle, rates, period);
                Map<IndexCandidate, Double> overhead = writes.costs(candidates);
                AdvisorSearch search = new AdvisorSearch(oracle, sizes, overhead, options);
                AdvisorSearch.Outcome outcome = search.run(candidates);
                List<AdvisedIndex> indexes = new ArrayList<>();
                Set<String> names = new java.util.HashSet<>();
                for (IndexCandidate ix : outcome.chosen()) {
                    indexes.add(advised(c, oracle, ix, outcome, sizes.get(ix), overhead.getOrDefault(ix, 0.0), names));
                }
                indexes.sort((a, b) -> Double.compare(b.benefitPct(), a.benefitPct()));
                List<RejectedCandidate> rejected = search.rejected(candidates, outcome);
                w.failed().forEach((cand, why) -> notes.add("candidate " + cand + " could not be made: " + why));
                AdvisorState state = state(c, tables, writes, analyzed, how, period, periodSource, fromStats, leftOut, issues.rule());
                return new AdvisorReport(indexes, outcome.costBefore(), outcome.costAfter(), candidates.size() - indexes.size(),
                        issues.issues(), candidates.size(), queries.size(), w.mode(), oracle.explains(), (System.nanoTime() - start) / 1e6, notes,
                        rejected, state);
            }
        });
    }

    private static boolean candidateTable(List<IndexCandidate> candidates, String table) {
        return candidates.stream().anyMatch(c -> c.table().equals(table));
    }

    /** A table of the application (not a system catalog, not DataFlow's own schema). */
    private static boolean userTable(Connection c, String table) {
        try (PreparedStatement ps = c.prepareStatement("SELECT relnamespace::regnamespace::text NOT IN ('pg_catalog', 'information_schema', 'dataflow')"
                + " FROM pg_class WHERE oid = to_regclass(?) AND relkind IN ('r', 'p', 'm')")) {
            ps.setString(1, Catalog.regclass(table));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new PlanException("cannot read the catalog entry of " + table + ": " + e.getMessage(), null, e);
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, Catalog.regclass(WriteRates.normalize(table)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** ANALYZE on the workload's tables that have no statistics (outside the rolled-back session: statistics must stay). */
    private List<String> analyzeNeverAnalyzed(Workload workload, AdvisorOptions options) {
        List<String> never = RolledBack.run(dataSource, Duration.ofMillis(options.timeoutMs()), c -> {
            Set<String> tables = new LinkedHashSet<>();
            for (AdvisorQuery q : AdvisorQueries.prepare(c, workload, new ArrayList<>())) tables.addAll(q.tables());
            tables.removeIf(t -> !userTable(c, t));
            return DatabaseState.tables(c, tables).stream().filter(DatabaseState.Table::neverAnalyzed).map(DatabaseState.Table::table).toList();
        });
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            if (!c.getAutoCommit()) c.setAutoCommit(true);
            for (String t : never) st.execute("ANALYZE " + Catalog.regclass(t));
        } catch (SQLException e) {
            throw new PlanException("ANALYZE before advising failed: " + e.getMessage(), null, e);
        }
        return never;
    }

    private static AdvisorState state(Connection c, Set<String> tables, WriteOverhead writes, List<String> analyzed, List<String> how, double period,
                                      String periodSource, boolean fromStats, Map<String, Integer> leftOut, String unusedRule) throws SQLException {
        List<String> warnings = new ArrayList<>();
        List<TableState> states = new ArrayList<>();
        boolean anyDml = false;
        for (DatabaseState.Table t : DatabaseState.tables(c, tables)) {
            WriteOverhead.TableWrites w = writes.table(t.table());
            anyDml |= w.source().equals("workload_dml");
            states.add(new TableState(t.table(), t.rows(), t.lastAnalyzed(), t.neverAnalyzed(), analyzed.contains(t.table()), t.modifiedSinceAnalyze(),
                    w.rowsPerSecond(), w.source(), Math.round(w.rowsPerPeriod() * 100) / 100.0));
            if (t.neverAnalyzed()) {
                warnings.add(t.table() + " has never been analyzed: the planner guesses its row counts and so does the advice;"
                        + " run with --analyze (AdvisorOptions.analyze) or ANALYZE " + t.table());
            } else if (t.modifiedSinceAnalyze() != null && t.rows() > 0 && t.modifiedSinceAnalyze() > 0.2 * t.rows()) {
                warnings.add(String.format(java.util.Locale.ROOT, "%s: %d rows changed since its last ANALYZE (%.0f%% of %.0f): its statistics may be stale",
                        t.table(), t.modifiedSinceAnalyze(), 100.0 * t.modifiedSinceAnalyze() / t.rows(), t.rows()));
            }
        }
        if (how.isEmpty()) {
            how.add(anyDml ? "from the workload's DML only; other writes assumed zero (measure them with --observe 5m, or state them with --writes table=N/s)"
                    : "none measured or stated, and no DML in the workload: assumed zero (measure them with --observe 5m, or state them with --writes table=N/s)");
        }
        Instant reset = DatabaseState.statsReset(c);
        Instant started = DatabaseState.serverStarted(c);
        double age = IndexIssues.statisticsAgeSeconds(c);
        Instant ssReset = fromStats ? StatStatements.resetAt(c) : null;
        if (fromStats && ssReset == null) warnings.add("pg_stat_statements does not say when it was reset (before PostgreSQL 14): its calls are taken as per --period");
        int out = leftOut.values().stream().mapToInt(Integer::intValue).sum();
        if (out > 0) warnings.add(out + " pg_stat_statements entries left out: they read no user table " + leftOut);
        return new AdvisorState(reset, started, Math.round(age * 10) / 10.0, ssReset, period, periodSource, String.join("; ", how), states, leftOut,
                unusedRule, warnings);
    }

    /** The candidates the advisor would consider for a workload (what an exhaustive search would search). */
    public List<IndexCandidate> candidates(Workload workload) {
        return RolledBack.run(dataSource, Duration.ofSeconds(30), c -> AdvisorQueries.candidates(c, AdvisorQueries.prepare(c, workload, new ArrayList<>())));
    }

    /** Sizes of candidates (HypoPG's estimate or a rolled-back build), in one session. */
    public Map<IndexCandidate, Long> sizes(List<IndexCandidate> candidates, WhatIf.Mode mode) {
        return RolledBack.run(dataSource, Duration.ofSeconds(30), c -> {
            try (WhatIf w = WhatIf.open(c, mode)) {
                Map<IndexCandidate, Long> out = new HashMap<>();
                for (IndexCandidate cand : candidates) out.put(cand, w.sizeBytes(cand));
                return out;
            }
        });
    }

    /** The weighted planner cost of the workload under each configuration (for comparing advisors), in one session. */
    public List<Double> workloadCosts(Workload workload, List<? extends Set<IndexCandidate>> configurations, WhatIf.Mode mode) {
        return RolledBack.run(dataSource, Duration.ofSeconds(30), c -> {
            CostOracle oracle;
            try (WhatIf w = WhatIf.open(c, mode)) {
                oracle = new CostOracle(w, AdvisorQueries.prepare(c, workload, new ArrayList<>()));
                List<Double> out = new ArrayList<>();
                for (Set<IndexCandidate> config : configurations) out.add(oracle.total(config));
                return out;
            }
        });
    }

    /** Creates the indexes (CONCURRENTLY, so outside a transaction), in order; returns the statements run. */
    public List<String> apply(AdvisorReport report) {
        List<String> done = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            if (!c.getAutoCommit()) c.setAutoCommit(true);
            for (AdvisedIndex i : report.indexes()) {
                st.execute(i.sql());
                done.add(i.sql());
            }
        } catch (SQLException e) {
            throw new PlanException("applying the advice failed after " + done.size() + " of " + report.indexes().size()
                    + " indexes: " + e.getMessage(), null, e);
        }
        return done;
    }

    private static AdvisedIndex advised(Connection c, CostOracle oracle, IndexCandidate ix, AdvisorSearch.Outcome outcome, long size,
                                        double overhead, Set<String> taken) throws SQLException {
        Set<IndexCandidate> chosen = new LinkedHashSet<>(outcome.chosen());
        List<String> users = new ArrayList<>();
        for (int i = 0; i < oracle.queries().size(); i++) {
            if (oracle.plan(i, chosen).used().contains(ix)) users.add(oracle.queries().get(i).source().source());
        }
        String name = freeName(c, ix, taken);
        taken.add(name);
        double pct = outcome.costBefore() <= 0 ? 0 : 100 * outcome.marginal().get(ix) / outcome.costBefore();
        return new AdvisedIndex(ix.table(), ix.columns(), ix.include(), ix.where(), ix.ddl(name, true), size,
                Math.round(pct * 100) / 100.0, Math.round(overhead * 100) / 100.0, users);
    }

    /** A name no relation of the schema has, nor another index of the same report (two covering variants share a base name). */
    private static String freeName(Connection c, IndexCandidate ix, Set<String> taken) throws SQLException {
        String base = ix.suggestedName();
        for (int i = 1; ; i++) {
            String name = i == 1 ? base : io.dataflow.sql.Identifiers.compose(base, Integer.toString(i));
            if (taken.contains(name)) continue;
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NULL")) {
                int dot = ix.table().indexOf('.');
                ps.setString(1, (dot < 0 ? "" : io.dataflow.sql.Identifiers.quote(ix.table().substring(0, dot)) + ".")
                        + io.dataflow.sql.Identifiers.quote(name));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) return name;
                }
            }
        }
    }
}
