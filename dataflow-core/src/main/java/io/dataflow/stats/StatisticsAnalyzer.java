package io.dataflow.stats;

import io.dataflow.DataFlowException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the requested checks: the rules over what the catalog says, then the correlation probe,
 * which needs queries (done last, under its limits). Reads only, apart from the side effect
 * {@link FixEstimator} documents.
 */
final class StatisticsAnalyzer {

    private final javax.sql.DataSource dataSource;
    private final Clock clock;

    StatisticsAnalyzer(javax.sql.DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    AnalysisReport analyze(AnalysisRequest request, String where) {
        request.tables().forEach(t -> io.dataflow.sql.Identifiers.require(t, where, "tables"));
        try (Connection c = dataSource.getConnection()) {
            SchemaTables schema = SchemaTables.read(c);
            List<String> tables = schema.require(request.tables(), where, "tables").stream().map(SchemaTables.Table::name).toList();
            Map<String, TableActivity> activity = StatisticsReader.activity(c, tables);
            Map<String, List<ColumnStatistics>> columns = StatisticsReader.columns(c, tables);
            List<Finding> findings = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (String table : tables) {
                TableActivity t = activity.get(table);
                if (t == null) continue; // dropped while we read
                List<ColumnStatistics> cols = columns.getOrDefault(table, List.of());
                String qualified = schema.qualified(table);
                if (request.checks().contains(StatisticsCheck.OUTDATED_STATISTICS)) {
                    OutdatedRule.check(t, request.threshold(), clock.instant(), qualified).ifPresent(findings::add);
                }
                if (request.checks().contains(StatisticsCheck.MISSING_STATISTICS)) {
                    MissingRule.check(t, cols, qualified).ifPresent(findings::add);
                }
                if (request.checks().contains(StatisticsCheck.SKEWED_DISTRIBUTIONS)) {
                    for (ColumnStatistics col : cols) {
                        int target = col.target() == null ? schema.defaultTarget() : col.target();
                        SkewRule.check(col, t.rows(), target, qualified).ifPresent(findings::add);
                    }
                }
            }
            int pairs = 0;
            if (request.checks().contains(StatisticsCheck.CORRELATION_ISSUES)) {
                pairs = correlations(c, schema, tables, activity, columns, request.limits(), findings, notes);
            }
            findings.sort(Comparator.comparing(Finding::severity).reversed());
            return new AnalysisReport(tables, request.checkNames(), findings, summary(findings), pairs, notes);
        } catch (SQLException e) {
            throw new DataFlowException("statistics analysis failed: " + e.getMessage(), e);
        }
    }

    private static int correlations(Connection c, SchemaTables schema, List<String> tables, Map<String, TableActivity> activity,
                                     Map<String, List<ColumnStatistics>> columns, CorrelationLimits limits, List<Finding> findings,
                                     List<String> notes) throws SQLException {
        Map<String, List<ExtendedStatistics>> existing = StatisticsReader.extended(c, tables);
        ProbeBudget budget = new ProbeBudget(limits);
        CorrelationProbe probe = new CorrelationProbe(c, limits, budget, notes);
        try (Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = " + limits.statementTimeout().toMillis());
        }
        try {
            for (String table : tables) {
                if (!activity.containsKey(table)) continue;
                double rows = activity.get(table).rows();
                List<List<String>> pairs = CorrelationCandidates.pairs(columns.getOrDefault(table, List.of()), rows, limits);
                findings.addAll(probe.probe(new ProbeTarget(schema.schema(), table), rows, pairs, existing.getOrDefault(table, List.of())));
            }
        } finally {
            try (Statement st = c.createStatement()) {
                st.execute("RESET statement_timeout"); // the connection goes back to a pool
            }
        }
        return budget.pairsProbed();
    }

    private static Map<String, Integer> summary(List<Finding> findings) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Severity s : List.of(Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
            out.put(s.json(), (int) findings.stream().filter(f -> f.severity() == s).count());
        }
        return out;
    }
}
