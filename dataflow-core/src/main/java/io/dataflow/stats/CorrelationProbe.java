package io.dataflow.stats;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * correlation_issues on one table: for candidate column pairs, compares the planner's estimate for
 * {@code a = v1 AND b = v2} (values from real rows) with the true count. The planner multiplies the
 * two selectivities as if the columns were independent; for dependent columns (a zip code decides
 * the city) that underestimates by the number of values of the dependent column. A median ratio of
 * at least the limit is a finding, with the estimate a statistics object would give, measured.
 */
final class CorrelationProbe {

    /** Rows read (from a block sample) to take probe values from. */
    static final int SAMPLE_ROWS = 1000;
    /** Longer values are not used as literals. */
    static final int MAX_LITERAL = 200;

    private final Connection connection;
    private final CorrelationLimits limits;
    private final ProbeBudget budget;
    private final List<String> notes;

    CorrelationProbe(Connection connection, CorrelationLimits limits, ProbeBudget budget, List<String> notes) {
        this.connection = connection;
        this.limits = limits;
        this.budget = budget;
        this.notes = notes;
    }

    List<Finding> probe(ProbeTarget target, double rows, List<List<String>> pairs, List<ExtendedStatistics> existing) throws SQLException {
        if (pairs.isEmpty()) return List.of();
        List<String> columns = pairs.stream().flatMap(List::stream).distinct().toList();
        List<Map<String, String>> sample = sample(target, columns, rows);
        List<Finding> findings = new ArrayList<>();
        boolean estimatedFix = false;
        for (int i = 0; i < pairs.size(); i++) {
            String a = pairs.get(i).get(0);
            String b = pairs.get(i).get(1);
            if (!budget.take()) {
                notes.add(target.table() + ": correlation check stopped by its limits (" + limits.maxPairs() + " pairs, "
                        + limits.budget().toSeconds() + " s); " + (pairs.size() - i) + " column pairs not checked");
                break;
            }
            List<Probe> probes;
            try {
                probes = probes(target, a, b, values(sample, a, b));
            } catch (SQLException e) {
                notes.add(target.table() + " (" + a + ", " + b + "): not checked: " + e.getMessage());
                continue;
            }
            if (probes.isEmpty()) continue;
            Probe median = CorrelationRule.median(probes);
            if (median.actual() == null || median.ratio() < limits.ratio()) continue;
            Finding f = finding(target, a, b, probes, median, existing);
            estimatedFix |= f.evidence().get("estimated_rows_after") != null;
            findings.add(f);
        }
        if (estimatedFix) {
            notes.add(target.table() + ": to measure the suggested statistics, ANALYZE ran on some of its columns in a rolled-back"
                    + " transaction; the statistics rolled back, but pg_stat_user_tables.last_analyze now shows the time of this check");
        }
        return findings;
    }

    /** Real rows from a block sample (cheap on any size), values as text; the whole table when small. */
    private List<Map<String, String>> sample(ProbeTarget target, List<String> columns, double rows) throws SQLException {
        String select = "SELECT " + columns.stream().map(c -> quote(c) + "::text").collect(Collectors.joining(", "))
                + " FROM " + target.qualifiedTable();
        double percent = Math.min(100, 100.0 * SAMPLE_ROWS / Math.max(rows, 1));
        List<Map<String, String>> out = read(select + String.format(Locale.ROOT, " TABLESAMPLE SYSTEM (%.6f) REPEATABLE (42)", percent)
                + " LIMIT " + SAMPLE_ROWS, columns);
        return out.size() >= limits.samplesPerPair() ? out : read(select + " LIMIT " + SAMPLE_ROWS, columns);
    }

    private List<Map<String, String>> read(String sql, List<String> columns) throws SQLException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) row.put(columns.get(i), rs.getString(i + 1));
                out.add(row);
            }
        }
        return out;
    }

    /** Up to samplesPerPair rows with both values present, spread over the sample. */
    private List<String[]> values(List<Map<String, String>> sample, String a, String b) {
        List<String[]> usable = sample.stream()
                .filter(r -> usable(r.get(a)) && usable(r.get(b)))
                .map(r -> new String[] {r.get(a), r.get(b)})
                .toList();
        List<String[]> out = new ArrayList<>();
        int n = Math.min(limits.samplesPerPair(), usable.size());
        for (int k = 0; k < n; k++) out.add(usable.get(k * usable.size() / n));
        return out;
    }

    private static boolean usable(String value) {
        return value != null && value.length() <= MAX_LITERAL && value.indexOf('\0') < 0;
    }

    private List<Probe> probes(ProbeTarget target, String a, String b, List<String[]> values) throws SQLException {
        List<Probe> out = new ArrayList<>();
        for (String[] v : values) {
            String both = target.pairPredicate(a, v[0], b, v[1]);
            double estimated = target.estimate(connection, both);
            double bound = CorrelationRule.bound(estimated, target.estimate(connection, target.predicate(a, v[0])),
                    target.estimate(connection, target.predicate(b, v[1])));
            if (!CorrelationRule.needsCount(bound, limits.ratio())) {
                out.add(new Probe(v[0], v[1], estimated, null, bound));
                continue;
            }
            long actual = target.count(connection, both); // bounded by the session's statement_timeout
            out.add(new Probe(v[0], v[1], estimated, actual, CorrelationRule.ratio(estimated, actual)));
        }
        return out;
    }

    private Finding finding(ProbeTarget target, String a, String b, List<Probe> probes, Probe median, List<ExtendedStatistics> existing) {
        List<Probe> counted = probes.stream().filter(p -> p.actual() != null).toList();
        FixEstimator.After after = after(target, a, b, counted, median);
        String name = Identifiers.compose(target.table(), a, b, "stats");
        List<String> kinds = after == null ? FixEstimator.DEPENDENCIES : after.kinds();
        String fix = "CREATE STATISTICS " + target.qualified(name) + " (" + String.join(", ", kinds) + ") ON " + quote(a) + ", " + quote(b)
                + " FROM " + target.qualifiedTable() + ";\nANALYZE " + target.qualifiedTable() + ";";
        Map<String, String> values = new LinkedHashMap<>();
        values.put(a, median.valueA());
        values.put(b, median.valueB());
        Evidence evidence = new Evidence().put("values", values).put("estimated_rows", median.estimated(), 0)
                .put("actual_rows", median.actual()).put("ratio", median.ratio(), 1)
                .put("estimated_rows_after", after == null ? null : Evidence.round(after.estimate(), 0))
                .put("ratio_after", after == null ? null : Evidence.round(after.ratio(), 2))
                .put("statistics_kinds", kinds)
                .put("samples", probes.stream().map(p -> sampleMap(a, b, p)).toList())
                .put("existing_statistics", existing.stream().filter(x -> x.covers(a, b)).map(ExtendedStatistics::toString).toList());
        String summary = String.format(Locale.ROOT, "%s: %s and %s are dependent: for %s the planner estimates %.0f row(s), %d match (%.0fx)%s",
                target.table(), a, b, target.pairPredicate(a, median.valueA(), b, median.valueB()), median.estimated(), median.actual(),
                median.ratio(), after == null ? "" : String.format(Locale.ROOT, "; with the statistics below it estimates %.0f", after.estimate()));
        return new Finding(target.table(), List.of(a, b), StatisticsCheck.CORRELATION_ISSUES, CorrelationRule.severity(median.ratio()),
                summary, evidence.map(), fix);
    }

    private static Map<String, Object> sampleMap(String a, String b, Probe p) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(a, p.valueA());
        values.put(b, p.valueB());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("values", values);
        m.put("estimated_rows", Evidence.round(p.estimated(), 0));
        m.put("actual_rows", p.actual());
        m.put("ratio", Evidence.round(p.ratio(), 1)); // uncounted (actual_rows null): the most it could be
        return m;
    }

    /** The suggested statistics' measured effect, or null when not measured (then a note says why). */
    private FixEstimator.After after(ProbeTarget target, String a, String b, List<Probe> counted, Probe median) {
        if (!limits.estimateFix()) return null;
        try {
            return FixEstimator.best(connection, target, a, b, counted, median, limits.statementTimeout());
        } catch (SQLException e) {
            notes.add(target.table() + " (" + a + ", " + b + "): the suggested statistics could not be measured: " + e.getMessage());
            return null;
        }
    }
}
