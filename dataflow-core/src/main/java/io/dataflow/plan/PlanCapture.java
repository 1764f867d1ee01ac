package io.dataflow.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Runs EXPLAIN for one statement: checked first, parameters bound, in a transaction that is always
 * rolled back, under a statement timeout. When execution passes the timeout, the estimated plan
 * (EXPLAIN without ANALYZE) is returned and the timeout reported as a finding.
 */
final class PlanCapture {

    private final DataSource dataSource;
    private final PlanFindings findings;

    PlanCapture(DataSource dataSource, PlanFindings findings) {
        this.dataSource = dataSource;
        this.findings = findings;
    }

    QueryPlan analyze(String sql, PlanOptions options) {
        CheckedStatement statement = CheckedStatement.of(sql);
        return RolledBack.run(dataSource, options.timeout(), c -> capture(c, statement, options));
    }

    private QueryPlan capture(Connection c, CheckedStatement statement, PlanOptions options) throws SQLException {
        long timeoutMs = options.timeout().toMillis();
        QueryShape shape = shapeOrNull(statement.sql(), new Catalog(c));
        BoundParameters params = BoundParameters.bind(statement.sql(), options.params(), c, shape);
        boolean timedOut = false;
        int terms = JitGuard.booleanTerms(statement.sql());
        boolean jitOff = JitGuard.needed(terms);
        if (jitOff) JitGuard.disable(c);
        String json;
        var before = c.setSavepoint(); // a timeout rolls back to here, keeping SET LOCAL statement_timeout
        try {
            json = explain(c, statement, params, prefix(options, options.analyze()));
        } catch (SQLException e) {
            if (!RolledBack.isTimeout(e)) throw serverError(e, statement.sql(), prefix(options, options.analyze()));
            if (!options.analyze()) throw new PlanTimeoutException("planning the statement", timeoutMs, e);
            c.rollback(before);
            timedOut = true;
            try {
                json = explain(c, statement, params, prefix(options, false));
            } catch (SQLException again) {
                if (RolledBack.isTimeout(again)) throw new PlanTimeoutException("planning the statement", timeoutMs, again);
                throw serverError(again, statement.sql(), prefix(options, false));
            }
        }
        PlanParser.Parsed parsed = PlanParser.parse(json);
        List<Finding> found = new ArrayList<>(findings.find(parsed.root(), parsed.executionMs()));
        if (jitOff) {
            found.add(0, new Finding("jit_disabled", 0, "statement", "JIT compilation was turned off for this analysis: an expression of "
                    + terms + " AND/OR terms can take the server minutes to compile, and compilation cannot be cancelled"
                    + " (the application's own executions of it may pay that cost: consider SET jit = off for them, or an IN list)",
                    Map.of("boolean_terms", terms, "threshold", JitGuard.THRESHOLD)));
        }
        if (timedOut) {
            found.add(0, new Finding("timed_out", 0, "statement", "execution passed the timeout of " + timeoutMs
                    + " ms and was stopped; this is the estimated plan (not executed)", Map.of("timeout_ms", timeoutMs)));
        }
        return new QueryPlan(statement.sql(), params.byName(), params.types(), statement.command(), statement.modifiesData(),
                options.analyze() && !timedOut, timedOut, timeoutMs, parsed.planningMs(), parsed.executionMs(),
                parsed.root().totalCost(), parsed.root(), found);
    }

    static QueryShape shapeOrNull(String sql, Catalog catalog) {
        try {
            return QueryShape.of(sql, catalog::columnNames);
        } catch (RuntimeException e) {
            return null; // JSqlParser does not know every PostgreSQL construct: the server has the last word
        }
    }

    static String prefix(PlanOptions o, boolean analyze) {
        StringBuilder sb = new StringBuilder("EXPLAIN (");
        if (analyze) {
            sb.append("ANALYZE true, BUFFERS ").append(o.buffers()).append(", TIMING ").append(o.timing()).append(", ");
        }
        return sb.append("VERBOSE ").append(o.verbose()).append(", FORMAT JSON) ").toString();
    }

    static String explain(Connection c, CheckedStatement statement, BoundParameters params, String prefix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(prefix + params.sql())) {
            params.apply(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** A server error, with the position mapped back into the SQL as written. */
    static PlanException serverError(SQLException e, String sql, String prefix) {
        int position = RolledBack.position(e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0].replaceFirst("^ERROR: ", "");
        if (position > 0) {
            int offset = ServerPositions.toOriginal(sql, prefix, position);
            return new PlanException(PlanException.withCaret(message, sql, offset), offset + 1, e);
        }
        return new PlanException(message + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), null, e);
    }
}
