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

    /**
     * The generic plan (estimated, never executed) of a normalized statement with {@code $1..$n} and no
     * values, as pg_stat_statements keeps it; with the findings an estimated plan supports. Rolled back.
     */
    public QueryPlan genericPlan(String normalizedSql) {
        String sql = normalizedSql.strip();
        if (!sql.matches("(?is)^\\s*(\\(\\s*)*(select|with|insert|update|delete|merge)\\b.*") || sql.replaceFirst(";\\s*$", "").contains(";")) {
            throw new PlanException("only one SELECT, WITH, INSERT, UPDATE, DELETE or MERGE has a generic plan: " + sql, null, null);
        }
        Explainable.Generic statement = new Explainable.Generic(sql.replaceFirst(";\\s*$", ""), AdvisorQueries.positionalParameters(sql));
        String command = sql.replaceFirst("^[\\s(]*", "").split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
        boolean modifies = !command.equals("SELECT") && !command.equals("WITH");
        return RolledBack.run(dataSource, PlanOptions.DEFAULT_TIMEOUT, c -> {
            PlanParser.Parsed parsed = PlanParser.parse(statement.explain(c, "VERBOSE true, FORMAT JSON"));
            return new QueryPlan(sql, java.util.Map.of(), java.util.Map.of(), command, modifies, false, false,
                    PlanOptions.DEFAULT_TIMEOUT.toMillis(), parsed.planningMs(), null, parsed.root().totalCost(), parsed.root(),
                    new PlanFindings(thresholds).find(parsed.root(), null));
        });
    }

    /** Existing indexes that cost writes for nothing: unused since the statistics reset, duplicates, prefixes of another. */
    public List<IndexIssue> indexIssues() {
        return RolledBack.run(dataSource, PlanOptions.DEFAULT_TIMEOUT, IndexIssues::find);
    }
}
