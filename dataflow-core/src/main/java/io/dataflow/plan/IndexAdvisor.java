package io.dataflow.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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

    public AdvisorReport advise(Workload workload, AdvisorOptions options) {
        long start = System.nanoTime();
        return RolledBack.run(dataSource, Duration.ofMillis(options.timeoutMs()), c -> {
            List<String> notes = new ArrayList<>();
            List<AdvisorQuery> queries = AdvisorQueries.prepare(c, workload, notes);
            List<IndexIssue> issues = IndexIssues.find(c);
            try (WhatIf w = WhatIf.open(c, options.whatIf())) {
                CostOracle oracle = new CostOracle(w, queries);
                List<IndexCandidate> candidates = AdvisorQueries.candidates(c, queries);
                Map<IndexCandidate, Long> sizes = new HashMap<>();
                for (IndexCandidate cand : candidates) sizes.put(cand, w.sizeBytes(cand));
                Map<IndexCandidate, Double> overhead = WriteOverhead.of(c, queries, candidates, oracle);
                AdvisorSearch.Outcome outcome = new AdvisorSearch(oracle, sizes, overhead, options).run(candidates);
                List<AdvisedIndex> indexes = new ArrayList<>();
                for (IndexCandidate ix : outcome.chosen()) {
                    indexes.add(advised(c, oracle, ix, outcome, sizes.get(ix), overhead.getOrDefault(ix, 0.0)));
                }
                indexes.sort((a, b) -> Double.compare(b.benefitPct(), a.benefitPct()));
                w.failed().forEach((cand, why) -> notes.add("candidate " + cand + " could not be made: " + why));
                return new AdvisorReport(indexes, outcome.costBefore(), outcome.costAfter(), candidates.size() - indexes.size(),
                        issues, candidates.size(), queries.size(), w.mode(), oracle.explains(), (System.nanoTime() - start) / 1e6, notes);
            }
        });
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
                                        double overhead) throws SQLException {
        Set<IndexCandidate> chosen = new LinkedHashSet<>(outcome.chosen());
        List<String> users = new ArrayList<>();
        for (int i = 0; i < oracle.queries().size(); i++) {
            if (oracle.plan(i, chosen).used().contains(ix)) users.add(oracle.queries().get(i).source().source());
        }
        String name = freeName(c, ix);
        double pct = outcome.costBefore() <= 0 ? 0 : 100 * outcome.marginal().get(ix) / outcome.costBefore();
        return new AdvisedIndex(ix.table(), ix.columns(), ix.include(), ix.where(), ix.ddl(name, true), size,
                Math.round(pct * 100) / 100.0, Math.round(overhead * 100) / 100.0, users);
    }

    private static String freeName(Connection c, IndexCandidate ix) throws SQLException {
        String base = ix.suggestedName();
        for (int i = 1; ; i++) {
            String name = i == 1 ? base : io.dataflow.sql.Identifiers.compose(base, Integer.toString(i));
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
