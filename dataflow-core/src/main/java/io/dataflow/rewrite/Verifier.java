package io.dataflow.rewrite;

import io.dataflow.plan.CheckedStatement;
import io.dataflow.plan.PlanException;
import io.dataflow.plan.PlanOptions;
import io.dataflow.plan.BoundParameters;
import io.dataflow.plan.Plans;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Proves a rewrite before it is called an improvement: both queries run in one READ ONLY
 * transaction under a statement timeout (rolled back at the end), their results are compared as
 * multisets (as lists when the order is fully determined), their EXPLAIN costs compared and their
 * times measured as the median of several runs. Statements that write are refused before anything
 * runs, and the READ ONLY transaction would refuse them again.
 */
final class Verifier {

    private final DataSource dataSource;
    private final Schema schema;

    Verifier(DataSource dataSource, Schema schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /** Refuses anything but a plain query, naming what was found. */
    static CheckedStatement requireQuery(String sql, String which) {
        CheckedStatement s;
        try {
            s = CheckedStatement.of(sql);
        } catch (PlanException e) {
            throw new RewriteException(which + ": " + e.getMessage(), e.position(), e);
        }
        if (!s.isQuery()) {
            throw new RewriteException("refused: the " + which + " query (" + s.command() + ") writes or locks rows; the verifier only runs"
                    + " read-only queries and never executes writes");
        }
        return s;
    }

    Verification verify(String original, String rewritten, VerifyOptions options) {
        CheckedStatement before = requireQuery(original, "original");
        CheckedStatement after = requireQuery(rewritten, "rewritten");
        List<String> warnings = new ArrayList<>();
        boolean ordered = Ordering.determined(original, schema, warnings);
        Double costBefore = cost(before.sql(), options, warnings);
        Double costAfter;
        try {
            costAfter = cost(after.sql(), options, warnings);
        } catch (RewriteException e) {
            throw new RewrittenQueryFailed(e.getMessage(), e);
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute("SET TRANSACTION READ ONLY");
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
                    ps.setString(1, Long.toString(options.timeout().toMillis()));
                    ps.execute();
                }
                Run first = run(c, before.sql(), options, true);
                Run second;
                try {
                    second = run(c, after.sql(), options, true);
                } catch (SQLException e) {
                    throw new RewrittenQueryFailed(e.getMessage().split("\n")[0], e);
                }
                List<Double> timesBefore = new ArrayList<>();
                List<Double> timesAfter = new ArrayList<>();
                if (first.ms != null) timesBefore.add(first.ms);
                if (second.ms != null) timesAfter.add(second.ms);
                for (int i = 1; i < options.runs(); i++) { // alternate, so that caches favour neither
                    if (first.ms != null) timesBefore.add(run(c, before.sql(), options, false).ms);
                    if (second.ms != null) timesAfter.add(run(c, after.sql(), options, false).ms);
                }
                // a later run past the timeout (its first run was just under it): no median, reported as "> timeout"
                boolean laterBefore = timesBefore.contains(null);
                boolean laterAfter = timesAfter.contains(null);
                if (laterBefore) warnings.add("a later run of the original passed the timeout of " + options.timeout().toMillis() + " ms: its time is"
                        + " reported as > timeout (the rows of its first run were compared)");
                if (laterAfter) warnings.add("a later run of the rewrite passed the timeout of " + options.timeout().toMillis() + " ms: its time is"
                        + " reported as > timeout (the rows of its first run were compared)");
                Double tb = first.ms == null || laterBefore ? null : median(timesBefore);
                Double ta = second.ms == null || laterAfter ? null : median(timesAfter);
                Boolean equivalent = null;
                Difference diff = null;
                if (first.ms == null) warnings.add("the original passed the timeout of " + options.timeout().toMillis() + " ms: equivalence not checked");
                if (second.ms == null) warnings.add("the rewrite passed the timeout of " + options.timeout().toMillis() + " ms: equivalence not checked");
                if (first.tooMany || second.tooMany) warnings.add("more than " + options.maxRows() + " rows: equivalence not checked");
                if (first.rows != null && second.rows != null && !first.tooMany && !second.tooMany) {
                    diff = first.columns != second.columns
                            ? new Difference(List.of(), 0, 0, null, "the original returns " + first.columns + " columns, the rewrite " + second.columns)
                            : ordered ? orderedDifference(first.rows, second.rows) : multisetDifference(first.rows, second.rows);
                    equivalent = diff == null;
                    if (!first.names.equals(second.names)) warnings.add("column names differ: " + first.names + " vs " + second.names);
                }
                Double speedup = ta == null || ta <= 0 ? null : tb != null ? tb / ta : options.timeout().toMillis() / ta;
                if (tb == null && ta != null) warnings.add("speedup is a lower bound: the original was stopped at the timeout");
                return new Verification(equivalent, ordered, first.rows == null ? null : (long) first.count, second.rows == null ? null : (long) second.count,
                        diff, costBefore, costAfter, tb, ta, options.timeout().toMillis(), speedup, warnings);
            } finally {
                try {
                    c.rollback();
                } finally {
                    c.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            throw new RewriteException("the database refused: " + e.getMessage().split("\n")[0]
                    + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), null, e);
        }
    }

    private Double cost(String sql, VerifyOptions options, List<String> warnings) {
        try {
            return new Plans(dataSource).analyze(sql, PlanOptions.defaults().analyze(false).timeout(options.timeout()).params(options.params())).totalCost();
        } catch (PlanException e) {
            throw new RewriteException(e.getMessage(), e.position(), e);
        }
    }

    /** The rewritten query does not run (the original does): the rewrite is wrong, not the input. */
    static final class RewrittenQueryFailed extends RewriteException {
        RewrittenQueryFailed(String message, Throwable cause) {
            super("the rewritten query failed on the database: " + message, null, cause);
        }
    }

    /** One execution: rows (on the first run), time, or null time on timeout. */
    private static final class Run {
        Double ms;
        List<List<String>> rows;
        List<String> names = List.of();
        int columns;
        int count;
        boolean tooMany;
    }

    private static Run run(Connection c, String sql, VerifyOptions options, boolean keep) throws SQLException {
        int maxRows = options.maxRows();
        Run r = new Run();
        BoundParameters bound = BoundParameters.forQuery(sql, options.params(), c); // a missing value is refused here, naming it
        Savepoint sp = c.setSavepoint(); // a timeout aborts only back to here
        long start = System.nanoTime();
        try (PreparedStatement st = c.prepareStatement(bound.sql())) {
            st.setFetchSize(10_000);
            bound.apply(st);
            try (ResultSet rs = st.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                r.columns = n;
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= n; i++) names.add(rs.getMetaData().getColumnLabel(i));
                r.names = names;
                if (keep) r.rows = new ArrayList<>();
                while (rs.next()) {
                    r.count++;
                    if (keep && !r.tooMany) {
                        if (r.count > maxRows) {
                            r.tooMany = true;
                            r.rows = null;
                            continue;
                        }
                        String[] row = new String[n];
                        for (int i = 0; i < n; i++) row[i] = rs.getString(i + 1);
                        r.rows.add(Arrays.asList(row));
                    }
                }
            }
            r.ms = (System.nanoTime() - start) / 1e6;
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            if (!"57014".equals(e.getSQLState())) throw e;
            c.rollback(sp);
            r.rows = null;
            r.ms = null;
        }
        if (r.tooMany) r.rows = null;
        return r;
    }

    static Double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static Difference multisetDifference(List<List<String>> before, List<List<String>> after) {
        Map<List<String>, long[]> counts = new LinkedHashMap<>();
        for (List<String> row : before) counts.computeIfAbsent(row, k -> new long[2])[0]++;
        for (List<String> row : after) counts.computeIfAbsent(row, k -> new long[2])[1]++;
        for (Map.Entry<List<String>, long[]> e : counts.entrySet()) {
            long[] n = e.getValue();
            if (n[0] != n[1]) {
                String note = n[1] == 0 ? "only the original returns this row" : n[0] == 0 ? "only the rewrite returns this row"
                        : "the original returns this row " + n[0] + " times, the rewrite " + n[1];
                return new Difference(e.getKey(), n[0], n[1], null, note);
            }
        }
        return null;
    }

    static Difference orderedDifference(List<List<String>> before, List<List<String>> after) {
        Map<List<String>, Long> countBefore = new HashMap<>();
        Map<List<String>, Long> countAfter = new HashMap<>();
        before.forEach(r -> countBefore.merge(r, 1L, Long::sum));
        after.forEach(r -> countAfter.merge(r, 1L, Long::sum));
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            List<String> b = i < before.size() ? before.get(i) : null;
            List<String> a = i < after.size() ? after.get(i) : null;
            if (!Objects.equals(a, b)) {
                List<String> row = b != null ? b : a;
                return new Difference(row, countBefore.getOrDefault(row, 0L), countAfter.getOrDefault(row, 0L), i,
                        b == null ? "the rewrite returns more rows" : a == null ? "the rewrite returns fewer rows"
                                : "row " + (i + 1) + " differs: the rewrite has " + a);
            }
        }
        return null;
    }
}
