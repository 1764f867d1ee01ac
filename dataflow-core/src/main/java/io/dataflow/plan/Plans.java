package io.dataflow.plan;

import java.util.List;
import javax.sql.DataSource;

/**
 * Plan analysis ({@code db.plans()}): EXPLAIN capture with findings. Every statement runs in a
 * transaction that is rolled back, under a statement timeout.
 *
 * <pre>{@code
 * QueryPlan plan = db.plans().analyze(sql, PlanOptions.defaults().param("start_date", "2026-01-01"));
 * plan.findings().forEach(f -> System.out.println(f.message()));
 * }</pre>
 */
public final class Plans {

    private final DataSource dataSource;
    private final FindingThresholds thresholds;

    public Plans(DataSource dataSource) {
        this(dataSource, FindingThresholds.defaults());
    }

    public Plans(DataSource dataSource, FindingThresholds thresholds) {
        this.dataSource = dataSource;
        this.thresholds = thresholds;
    }

    public Plans withThresholds(FindingThresholds value) {
        return new Plans(dataSource, value);
    }

    /** EXPLAIN ANALYZE with buffers, timing and verbose, 30 s timeout, no parameters. */
    public QueryPlan analyze(String sql) {
        return analyze(sql, PlanOptions.defaults());
    }

    public QueryPlan analyze(String sql, PlanOptions options) {
        return new PlanCapture(dataSource, new PlanFindings(thresholds)).analyze(sql, options);
    }

    /** Every kind of suggestion for an analyzed statement, checked what-if (nothing is left behind). */
    public List<Suggestion> suggest(QueryPlan plan) {
        return suggest(plan, SuggestOptions.all());
    }

    public List<Suggestion> suggest(QueryPlan plan, SuggestOptions options) {
        return new QueryOptimizer(dataSource).suggest(plan, options);
    }
}
