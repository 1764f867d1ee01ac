package io.dataflow.rewrite;

import io.dataflow.plan.PlanException;
import io.dataflow.plan.PlanOptions;
import io.dataflow.plan.Plans;
import io.dataflow.plan.QueryPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Query rewriting ({@code db.rewriter()}): the guide's "Query Rewriting", proven on the live
 * database before anything is called an improvement.
 *
 * <pre>{@code
 * RewriteReport r = db.rewriter().optimize(sql, RewriteOptions.defaults());
 * if (Boolean.TRUE.equals(r.equivalent())) System.out.println(r.rewritten() + "  " + r.speedup() + "x");
 * }</pre>
 */
public final class Rewriter {

    private final DataSource dataSource;
    private final Schema schema;

    public Rewriter(DataSource dataSource) {
        this.dataSource = dataSource;
        this.schema = new CatalogSchema(dataSource);
    }

    /** Every rewrite that applies, on the parse tree; nothing is run but catalog reads and EXPLAIN. */
    public Rewrite rewrite(String sql) {
        return rewrite(sql, Optimization.AUTO);
    }

    public Rewrite rewrite(String sql, Optimization optimization) {
        return rewrite(sql, optimization, Map.of());
    }

    /** As {@link #rewrite(String, Optimization)} for a query with {@code :name} placeholders (used to EXPLAIN it). */
    public Rewrite rewrite(String sql, Optimization optimization, Map<String, ?> params) {
        try {
            return new QueryRewriter(schema, q -> capturedPlan(q, params)).rewrite(sql, optimization);
        } catch (RewriteException e) {
            if (e.position() == null || e.getCause() instanceof io.dataflow.sql.SqlParseException p && p.limit()) throw e; // DataFlow's own limit is final
            // JSqlParser's position can be off (it backtracks); PostgreSQL's parser has the last word
            try {
                new Plans(dataSource).analyze(sql, PlanOptions.defaults().analyze(false).params(params));
            } catch (PlanException server) {
                throw new RewriteException("cannot parse the SQL: " + server.getMessage(), server.position(), server);
            }
            return new Rewrite(sql, sql, List.of(), List.of("PostgreSQL accepts this query but JSqlParser cannot parse it; left as is: "
                    + e.getMessage().split("\n")[0]));
        }
    }

    /** Runs both queries read-only and compares results, costs and times. */
    public Verification verify(String original, String rewritten) {
        return verify(original, rewritten, VerifyOptions.defaults());
    }

    public Verification verify(String original, String rewritten, VerifyOptions options) {
        return new Verifier(dataSource, schema).verify(original, rewritten, options);
    }

    /** Rewrite, then verify: a rewrite whose results differ is never returned as {@code rewritten}. */
    public RewriteReport optimize(String sql, RewriteOptions options) {
        Verifier.requireQuery(sql, "original");
        Rewrite r = rewrite(sql, options.optimization(), options.params());
        List<String> warnings = new ArrayList<>(r.warnings());
        RewriteReport.Supplied supplied = null;
        Verification v = null;
        if (options.verify() && r.changed()) {
            try {
                v = verify(sql, r.rewritten(), options.verifyOptions());
            } catch (Verifier.RewrittenQueryFailed e) {
                warnings.add(e.getMessage() + "; the original is kept");
                return new RewriteReport(sql, sql, r.transformations(), false, false, cost(sql, options.params()), null, null, null, null, warnings, false,
                        null, r.rewritten(), null);
            }
        }
        if (options.supplied() != null && !options.supplied().isBlank()) {
            if (options.verify()) {
                Verification s;
                try {
                    s = verify(sql, options.supplied(), options.verifyOptions());
                } catch (Verifier.RewrittenQueryFailed e) {
                    s = new Verification(false, false, null, null, new Difference(List.of(), 0, 0, null, e.getMessage()), null, null, null,
                            null, options.verifyOptions().timeout().toMillis(), null, List.of(e.getMessage()));
                }
                Boolean faster = s.timeAfterMs() == null ? Boolean.FALSE : s.timeBeforeMs() == null ? Boolean.TRUE : s.timeAfterMs() < s.timeBeforeMs();
                supplied = new RewriteReport.Supplied(options.supplied(), s.equivalent(), faster, s.costAfter(), s.timeAfterMs(), s.speedup(),
                        s.firstDifference(), s.warnings());
                if (v == null) v = new Verification(null, s.ordered(), s.rowsBefore(), null, null, s.costBefore(), null, s.timeBeforeMs(),
                        null, s.timeoutMs(), null, List.of());
            } else {
                Verifier.requireQuery(options.supplied(), "rewritten");
                supplied = new RewriteReport.Supplied(options.supplied(), null, null, null, null, null, null, List.of("not verified (verify: false)"));
            }
        }
        if (!options.verify()) {
            if (r.changed()) warnings.add("not verified (verify: false): results were not compared on the database");
            return new RewriteReport(sql, r.rewritten(), r.transformations(), null, false, null, null, null, null, null, warnings, false,
                    null, null, supplied);
        }
        if (!r.changed()) {
            Double cost = v != null ? v.costBefore() : cost(sql, options.params());
            return new RewriteReport(sql, sql, List.of(), true, false, cost, cost, v == null ? null : v.timeBeforeMs(), null, null,
                    warnings, false, null, null, supplied);
        }
        warnings.addAll(v.warnings());
        boolean equivalent = Boolean.TRUE.equals(v.equivalent());
        if (Boolean.FALSE.equals(v.equivalent())) {
            warnings.add("the rewrite returns different results (first difference: " + v.firstDifference().note() + "); the original is kept");
        }
        if (withheldForSpeed(r.transformations(), v)) {
            // a latest-row rewrite is offered for speed alone: not faster here, not offered
            warnings.add("latest_row: " + (equivalent ? "equivalent but " : "") + "not faster here (" + ms(v.timeAfterMs()) + " against "
                    + ms(v.timeBeforeMs()) + " for the original); not offered, the original is kept");
            return new RewriteReport(sql, sql, List.of(), v.equivalent(), false, v.costBefore(), v.costAfter(), v.timeBeforeMs(), v.timeAfterMs(),
                    v.speedup(), warnings, v.timedOutBefore(), null, r.rewritten(), supplied);
        }
        v.slowerNote().ifPresent(warnings::add);
        return new RewriteReport(sql, Boolean.FALSE.equals(v.equivalent()) ? sql : r.rewritten(), r.transformations(), v.equivalent(),
                equivalent, v.costBefore(), v.costAfter(), v.timeBeforeMs(), v.timeAfterMs(), v.speedup(), warnings, v.timedOutBefore(),
                v.firstDifference(), Boolean.FALSE.equals(v.equivalent()) ? r.rewritten() : null, supplied);
    }

    /**
     * Whether an equivalent rewrite is still not offered: a latest-row rewrite is justified by speed
     * alone (the original is already exact), so it is offered only when measured faster (or when the
     * original passed the timeout and the rewrite did not).
     */
    static boolean withheldForSpeed(List<Transformation> transformations, Verification v) {
        boolean speedOnly = transformations.stream().anyMatch(t -> LatestRows.KIND.equals(t.kind()));
        boolean faster = v.timeAfterMs() != null && (v.timeBeforeMs() == null || v.timeAfterMs() < v.timeBeforeMs());
        return speedOnly && !faster && !Boolean.FALSE.equals(v.equivalent()); // a non-equivalent one is rejected anyway
    }

    private static String ms(Double value) {
        return value == null ? "> timeout" : String.format(java.util.Locale.ROOT, "%.1f ms", value);
    }

    private Double cost(String sql, Map<String, ?> params) {
        try {
            return new Plans(dataSource).analyze(sql, PlanOptions.defaults().analyze(false).params(params)).totalCost();
        } catch (PlanException e) {
            throw new RewriteException(e.getMessage(), e.position(), e);
        }
    }

    /** The estimated plan's cost and the subqueries it runs per row (SubPlans), or null when it cannot be read. */
    private CapturedPlan capturedPlan(String sql, Map<String, ?> params) {
        try {
            QueryPlan plan = new Plans(dataSource).analyze(sql, PlanOptions.defaults().analyze(false).params(params));
            return CapturedPlan.of(plan.plan());
        } catch (RuntimeException e) {
            return null; // the notes then say no plan could be read
        }
    }
}
